//! Exports of a consent record: the ISO/IEC TS 27560 record in the W3C DPV JSON-LD profile, the
//! Kantara Consent Receipt v1.1, the human-readable proof (BGH I ZR 164/09: "vollständig
//! dokumentiert … jederzeitige Möglichkeit eines Ausdrucks") and the Art. 15 access report.
//!
//! Pure functions over a record in the `ConsentRecord` shape of js/index.d.ts, verified by the
//! caller. Nothing here panics on an odd shape: a missing field is `null` in JSON and "—" in text.
//!
//! ISO/IEC TS 27560 field → JSON-LD key of `consent_receipt` (DPV 2.x, DPVCG guide
//! "Consent Records and Receipts as per ISO/IEC TS 27560:2023 using DPV", 2024):
//!
//! | ISO 27560 field | JSON-LD key | from the record |
//! |---|---|---|
//! | schema_version | `dct:conformsTo` | dpv-27560#record(-eu-gdpr) |
//! | record_id | `dct:identifier`, `@id` | `id` |
//! | pii_principal_id | `dpv:hasDataSubject` | `urn:…:subject:<id>`, not a number |
//! | privacy_notice (6.3.4.1) | `dpv:hasNotice` (Consent-, PrivacyNotice) | checkbox texts, versions |
//! | language (6.3.4.2) | `dct:language` | `lang` |
//! | purposes (6.3.4.3–5) | `dpv:hasProcess[].dpv:hasPurpose` | `purposes` keys (promo, trans) |
//! | lawful_basis (6.3.4.6) | `dpv:hasLegalBasis` | `eu-gdpr:A6-1-a` in the EU/EEA |
//! | pii_information (6.3.4.7) | `dpv:hasProcess[].dpv:hasPersonalData` | `pd:` classes the events hold |
//! | pii_controllers (6.3.4.8) | `dpv:hasDataController` | `controller` |
//! | collection_method (6.3.4.9) | `dpv:hasProcess[].dpv:hasDataSource` | the person (controller: import) |
//! | storage_locations (.11) | `dpv:hasStorageCondition` StorageLocation | `jurisdiction` |
//! | retention_period (.12) | `dpv:hasStorageCondition` StorageDuration | until withdrawal, then proof only |
//! | service | `dpv:hasService` | "WhatsApp messages" |
//! | jurisdiction (.16) | `dpv:hasJurisdiction`, `dpv:hasApplicableLaw` | `loc:DE`, `eu-gdpr:GDPR` |
//! | recipient_third_parties (.17) | `dpv:hasRecipient`, `dpv:hasDataProcessor` | Meta (processor) |
//! | withdrawal_method (.18) | `dpv:hasConsentControl` (Provide/Withdraw) | reply STOP on WhatsApp |
//! | privacy_rights (.19) | `dpv:hasRight` | GDPR Art. 7(3), 15–18, 20, 21, 77 |
//! | event_state (6.3.7) | `@type` of a status entry | `purposes.*.status`, `changes` |
//! | event_time | `dpv:isIndicatedAtTime` | `since`, event `at` |
//! | event_type (consent type) | `@type` ExplicitlyExpressedConsent | given / withdrawn |
//! | entity_id | `dpv:isIndicatedBy` | DataSubject; DataController: request, expiry, erasure |
//! | validity_duration | `dpv:hasDuration` | DOI expiry; until withdrawal |
//! | (expression method) | `dpv:hasIndicationMethod` | checkbox + WhatsApp DOI, STOP … |
//!
//! The current status per purpose is `dpv:hasConsentStatus`; every status change, in order, is
//! `dct:provenance` (each entry carries the event's `seq` and hash, so it can be checked against
//! the record).

use super::labels::label;
use super::record::Verification;
use super::time;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

const DASH: &str = "—";
const META: &str = "Meta Platforms Ireland Ltd.";
const SERVICE: &str = "WhatsApp messages";
const EU_EEA: [&str; 30] = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT",
    "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
];

// ---------------------------------------------------------------------------------------------
// Reading the record without trusting its shape

fn get<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    let mut cur = v;
    for k in path {
        cur = cur.get(*k)?;
    }
    (!cur.is_null()).then_some(cur)
}

fn s<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    get(v, path)?.as_str()
}

fn events(record: &Value) -> &[Value] {
    record
        .get("events")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// The first event (`requested` or `invited`) holds how and where the consent was collected.
fn origin(record: &Value) -> &Value {
    events(record)
        .first()
        .and_then(|e| e.get("data"))
        .unwrap_or(&Value::Null)
}

fn purposes(record: &Value) -> Vec<(&str, &Value)> {
    record
        .get("purposes")
        .and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k.as_str(), v)).collect())
        .unwrap_or_default()
}

fn is_eu(jurisdiction: Option<&str>) -> bool {
    jurisdiction.is_some_and(|j| EU_EEA.contains(&j.to_ascii_uppercase().as_str()))
}

/// The exact text shown for a purpose and how the box was found: from the `requested`/`invited`
/// event whose text version is the purpose's current one (else the first that names it).
struct Shown<'a> {
    text: Option<&'a str>,
    version: Option<&'a str>,
    checked: Option<bool>,
    pre_checked: Option<bool>,
    invitation: Option<&'a str>,
    at: Option<&'a str>,
}

fn shown<'a>(record: &'a Value, purpose: &str) -> Shown<'a> {
    let current = s(record, &["purposes", purpose, "textVersion"]);
    let mut found: Option<&Value> = None;
    for ev in events(record) {
        if !matches!(s(ev, &["type"]), Some("requested" | "invited"))
            || get(ev, &["data", "purposes", purpose]).is_none()
        {
            continue;
        }
        let version = s(ev, &["data", "purposes", purpose, "textVersion"]);
        if found.is_none() || (current.is_some() && version == current) {
            found = Some(ev);
        }
    }
    let ev = found.unwrap_or(&Value::Null);
    let p = get(ev, &["data", "purposes", purpose]).unwrap_or(&Value::Null);
    Shown {
        text: s(p, &["text"]),
        version: s(p, &["textVersion"]).or(current),
        checked: get(p, &["checked"]).and_then(Value::as_bool),
        pre_checked: get(p, &["preChecked"]).and_then(Value::as_bool),
        invitation: s(ev, &["data", "invitation", "text"]),
        at: s(ev, &["at"]),
    }
}

/// Keys of personal data any event holds or held (`pii`, or `redacted` after erasure).
fn pii_keys(record: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for ev in events(record) {
        for k in ["pii", "redacted"] {
            if let Some(m) = ev.get(k).and_then(Value::as_object) {
                out.extend(m.keys().cloned());
            }
        }
    }
    out
}

/// When the consent was collected: `collectedAt` of the first event, else its time.
fn collected_at(record: &Value) -> Option<&str> {
    s(origin(record), &["collectedAt"]).or_else(|| events(record).first().and_then(|e| s(e, &["at"])))
}

/// When the double opt-in was confirmed: `doi.usedAt`, else the last `confirmed` event.
fn confirmed_at(record: &Value) -> Option<&str> {
    s(record, &["doi", "usedAt"]).or_else(|| {
        events(record)
            .iter()
            .rev()
            .find(|e| s(e, &["type"]) == Some("confirmed"))
            .and_then(|e| s(e, &["at"]))
    })
}

fn method_of(record: &Value) -> Option<&str> {
    s(origin(record), &["source", "method"]).or_else(|| {
        (events(record).first().and_then(|e| s(e, &["type"])) == Some("invited")).then_some("email_link")
    })
}

/// The DPV purposes of our two purposes (reference §4.2).
fn dpv_purposes(p: &str) -> Value {
    match p {
        "promo" => json!(["dpv:DirectMarketing"]),
        "trans" => json!(["dpv:CommunicationForCustomerCare", "dpv:CustomerOrderManagement"]),
        _ => json!(["dpv:CommunicationManagement"]),
    }
}

fn english_purpose(p: &str) -> &str {
    match p {
        "promo" => "Offers, promotions and news on WhatsApp (direct marketing)",
        "trans" => "Order and delivery updates on WhatsApp",
        other => other,
    }
}

/// The STOP word the person was told to send, in the record's language.
fn stop_word(record: &Value) -> &'static str {
    let lang = s(record, &["lang"]).unwrap_or("en");
    crate::texts::raw(lang, "keywords.stop").unwrap_or("STOP")
}

/// How the event that set a status was expressed (dpv:hasIndicationMethod).
fn indication_method(record: &Value, ev: Option<&Value>) -> String {
    let method = method_of(record).unwrap_or("api");
    let collected = match method {
        "web_form" => "unticked checkbox on a web form, ticked by the person".to_string(),
        "email_link" => "link in an invitation e-mail, message sent by the person on WhatsApp".to_string(),
        "whatsapp_thread" => "message of the person in the WhatsApp conversation".to_string(),
        "paper" => "signed paper form".to_string(),
        "import" => "imported from the controller's existing records".to_string(),
        other => format!("submitted through the controller's interface ({other})"),
    };
    let Some(ev) = ev else { return collected };
    match s(ev, &["type"]).unwrap_or("") {
        "requested" | "invited" => collected,
        "confirmed" => format!(
            "{collected}; confirmed by a WhatsApp reply from the same number (double opt-in{})",
            if get(ev, &["data", "tokenMatched"]).and_then(Value::as_bool) == Some(true) {
                ", with the token"
            } else {
                ""
            }
        ),
        "declined" => "WhatsApp reply declining the double opt-in".into(),
        "opted_out" => format!("WhatsApp reply asking to stop ({})", stop_word(record)),
        "preferences" => "WhatsApp reply choosing which messages to receive".into(),
        "reopened" => "WhatsApp reply asking to subscribe again; a new double opt-in is pending".into(),
        "marketing_preference" => "WhatsApp's own marketing preference (\"Stop promotions\")".into(),
        "erasure_requested" => "WhatsApp message asking to erase the data".into(),
        "erased" => "erasure of the personal data (GDPR Art. 17)".into(),
        "expired" => "double opt-in not confirmed before the token expired".into(),
        other => other.to_string(),
    }
}

/// Who expressed a status change: the person, except requests, expiry and erasure.
fn indicated_by(ev_type: Option<&str>, status: &str) -> &'static str {
    match (ev_type, status) {
        (Some("erased" | "expired"), _) | (_, "ConsentRequested") => "dpv:DataController",
        _ => "dpv:DataSubject",
    }
}

/// The status node of ISO 27560's event fields. `ExplicitlyExpressedConsent` (the consent type)
/// is added where a consent was expressed and then stood (given) or was taken back (withdrawn):
/// a request, a refusal or an unconfirmed expiry expressed none.
fn status_node(
    record: &Value,
    purpose: &str,
    status: &str,
    at: Option<&str>,
    ev: Option<&Value>,
    eu: bool,
) -> Value {
    let typ = if matches!(status, "ConsentGiven" | "ConsentWithdrawn") {
        json!([format!("dpv:{status}"), "dpv:ExplicitlyExpressedConsent"])
    } else {
        json!(format!("dpv:{status}"))
    };
    let ev_type = ev.and_then(|e| s(e, &["type"]));
    let mut m = Map::new();
    m.insert("@type".into(), typ);
    m.insert("dct:subject".into(), json!(purpose));
    m.insert("dpv:hasPurpose".into(), dpv_purposes(purpose));
    m.insert("dpv:isIndicatedAtTime".into(), json!(at));
    m.insert("dpv:isIndicatedBy".into(), json!(indicated_by(ev_type, status)));
    m.insert(
        "dpv:hasIndicationMethod".into(),
        json!(indication_method(record, ev)),
    );
    if status == "ConsentGiven" {
        m.insert(
            "dpv:hasLegalBasis".into(),
            json!(if eu {
                "eu-gdpr:A6-1-a"
            } else {
                "dpv:ExplicitlyExpressedConsent"
            }),
        );
    }
    let duration = match status {
        "ConsentRequested" => s(record, &["doi", "expiresAt"])
            .map(|t| json!({ "@type": "dpv:UntilTimeDuration", "rdf:value": t })),
        "ConsentGiven" => Some(json!({
            "@type": "dpv:UntilEventDuration",
            "rdf:value": format!("until the person withdraws consent (reply {})", stop_word(record)),
        })),
        _ => None,
    };
    if let Some(d) = duration {
        m.insert("dpv:hasDuration".into(), d);
    }
    Value::Object(m)
}

/// The last event that changed a purpose to its current status.
fn setting_event<'a>(record: &'a Value, purpose: &str) -> Option<&'a Value> {
    events(record)
        .iter()
        .rev()
        .find(|e| get(e, &["changes", purpose]).is_some())
}

fn meta_node() -> Value {
    json!({
        "@id": "urn:whatsapp-consent:party:meta-platforms-ireland",
        "@type": ["dpv:DataProcessor", "dpv:Recipient"],
        "dpv:hasName": META,
        "dct:description": "WhatsApp Business Platform: transmits the WhatsApp messages for the controller",
        "dpv:hasLocation": "loc:IE",
    })
}

// ---------------------------------------------------------------------------------------------
// ISO/IEC TS 27560 in DPV JSON-LD

/// The ISO/IEC TS 27560 consent record of `record` in the DPV JSON-LD profile (see the table at
/// the top of this file).
pub fn consent_receipt(record: &Value) -> Value {
    let id = s(record, &["id"]).unwrap_or("");
    let lang = s(record, &["lang"]);
    let jur = s(record, &["jurisdiction"]);
    let eu = is_eu(jur);
    let loc = jur.map(|j| format!("loc:{}", j.to_ascii_uppercase()));
    let legal_basis = if eu {
        "eu-gdpr:A6-1-a"
    } else {
        "dpv:ExplicitlyExpressedConsent"
    };
    let keys = pii_keys(record);
    let evs = events(record);
    let stop = stop_word(record);

    let mut personal_data = vec![json!("pd:TelephoneNumber")];
    for (k, class) in [
        ("name", "pd:Name"),
        ("email", "pd:EmailAddress"),
        ("text", "pd:Communication"),
        ("ip", "pd:IPAddress"),
        ("userAgent", "pd:UserAgent"),
    ] {
        if keys.contains(k) {
            personal_data.push(json!(class));
        }
    }
    if evs
        .iter()
        .any(|e| matches!(s(e, &["type"]), Some("sent" | "delivery" | "inbound")))
    {
        personal_data.push(json!("pd:CommunicationsMetadata"));
    }
    let source = if method_of(record) == Some("import") {
        "dpv:DataControllerDataSource"
    } else {
        "dpv:DataSubjectDataSource"
    };
    let storage = json!([
        {
            "@type": "dpv:StorageLocation",
            "dpv:hasLocation": loc,
            "dct:description": "systems of the controller; messages pass through Meta's WhatsApp Business Platform",
        },
        {
            "@type": "dpv:StorageDuration",
            "dpv:hasDuration": {
                "@type": "dpv:UntilEventDuration",
                "rdf:value": "contact data and messages until the consent is withdrawn or erasure is requested; afterwards only the proof of consent, for the limitation period of legal claims",
            },
        },
    ]);

    let mut processes = Vec::new();
    let mut notices = Vec::new();
    let mut current = Vec::new();
    for (p, state) in purposes(record) {
        let sh = shown(record, p);
        let notice_id = sh.version.map(|v| format!("urn:whatsapp-consent:notice:{v}"));
        if sh.text.is_some() || sh.version.is_some() {
            notices.push(json!({
                "@id": notice_id,
                "@type": "dpv:ConsentNotice",
                "dct:subject": p,
                "dct:identifier": sh.version,
                "dct:description": sh.text.or(sh.invitation),
                "dct:date": sh.at.or(collected_at(record)).map(|t| t.get(..10).unwrap_or(t)),
                "dct:language": lang,
            }));
        }
        processes.push(json!({
            "@type": "dpv:Process",
            "dct:identifier": p,
            "dct:title": english_purpose(p),
            "dpv:hasPurpose": dpv_purposes(p),
            "dpv:hasService": SERVICE,
            "dpv:hasLegalBasis": legal_basis,
            "dpv:hasPersonalData": personal_data,
            "dpv:hasDataSource": source,
            "dpv:hasStorageCondition": storage,
            "dpv:hasRecipient": { "@id": "urn:whatsapp-consent:party:meta-platforms-ireland" },
            "dpv:hasNotice": notice_id.map(|n| json!({ "@id": n })),
        }));
        let status = s(state, &["status"]).unwrap_or("ConsentUnknown");
        current.push(status_node(
            record,
            p,
            status,
            s(state, &["since"]),
            setting_event(record, p),
            eu,
        ));
    }
    if let Some(url) = s(record, &["privacyPolicyUrl"]) {
        notices.push(json!({ "@id": url, "@type": "dpv:PrivacyNotice", "dct:language": lang }));
    }

    let mut history = Vec::new();
    for ev in evs {
        let Some(changes) = ev.get("changes").and_then(Value::as_object) else {
            continue;
        };
        for (p, st) in changes {
            let mut node = status_node(
                record,
                p,
                st.as_str().unwrap_or("ConsentUnknown"),
                s(ev, &["at"]),
                Some(ev),
                eu,
            );
            if let Value::Object(m) = &mut node {
                m.insert(
                    "dct:identifier".into(),
                    json!(format!(
                        "seq:{}",
                        get(ev, &["seq"]).map(|v| v.to_string()).unwrap_or_default()
                    )),
                );
                m.insert("dct:type".into(), json!(s(ev, &["type"])));
                m.insert("dct:source".into(), json!(s(ev, &["hash"])));
                // The validity of a past status is what the next event says, not a duration.
                m.remove("dpv:hasDuration");
            }
            history.push(node);
        }
    }

    let rights: Vec<Value> = if eu {
        [
            ("eu-gdpr:A7-3", "Right to withdraw consent"),
            ("eu-gdpr:A15", "Right of access"),
            ("eu-gdpr:A16", "Right to rectification"),
            ("eu-gdpr:A17", "Right to erasure"),
            ("eu-gdpr:A18", "Right to restriction of processing"),
            ("eu-gdpr:A20", "Right to data portability"),
            ("eu-gdpr:A21", "Right to object"),
            (
                "eu-gdpr:A77",
                "Right to lodge a complaint with a supervisory authority",
            ),
        ]
        .iter()
        .map(|(iri, title)| json!({ "@type": ["dpv:DataSubjectRight", iri], "dct:title": title }))
        .collect()
    } else {
        Vec::new()
    };
    let controller = json!({
        "@id": format!("urn:whatsapp-consent:controller:{id}"),
        "@type": ["dpv:DataController", "dpv:Organisation"],
        "dpv:hasName": s(record, &["controller", "name"]),
        "dpv:hasContact": s(record, &["controller", "contact"]),
    });
    let provide_at = s(origin(record), &["source", "url"]).unwrap_or("WhatsApp");

    let mut out = Map::new();
    out.insert("@context".into(), context());
    out.insert("@id".into(), json!(format!("urn:whatsapp-consent:record:{id}")));
    out.insert("@type".into(), json!("dpv:ConsentRecord"));
    out.insert("dct:identifier".into(), json!(id));
    out.insert(
        "dct:conformsTo".into(),
        json!(if eu {
            "https://w3id.org/dpv/schema/dpv-27560#record-eu-gdpr"
        } else {
            "https://w3id.org/dpv/schema/dpv-27560#record"
        }),
    );
    out.insert(
        "dct:created".into(),
        json!(evs.first().and_then(|e| s(e, &["at"]))),
    );
    out.insert(
        "dct:modified".into(),
        json!(evs.last().and_then(|e| s(e, &["at"]))),
    );
    out.insert("dct:language".into(), json!(lang));
    out.insert("dct:hasVersion".into(), json!(s(record, &["head"])));
    out.insert(
        "dpv:hasDataSubject".into(),
        json!({ "@id": format!("urn:whatsapp-consent:subject:{id}"), "@type": ["dpv:DataSubject", "dpv:Customer"] }),
    );
    out.insert("dpv:hasDataController".into(), controller);
    out.insert("dpv:hasDataProcessor".into(), meta_node());
    out.insert("dpv:hasJurisdiction".into(), json!(loc));
    if eu {
        out.insert("dpv:hasApplicableLaw".into(), json!("eu-gdpr:GDPR"));
    }
    out.insert("dpv:hasLegalBasis".into(), json!(legal_basis));
    out.insert("dpv:hasProcess".into(), Value::Array(processes));
    out.insert(
        "dpv:hasConsentControl".into(),
        json!([
            {
                "@type": "dpv:ProvideConsent",
                "dpv:isExercisedAt": provide_at,
                "dct:description": "tick the unticked box for the purpose, then confirm with a reply on WhatsApp (double opt-in)",
            },
            {
                "@type": "dpv:WithdrawConsent",
                "dpv:isExercisedAt": "WhatsApp",
                "dct:description": format!("reply {stop} in the WhatsApp conversation, at any time (marketing also: WhatsApp's \"Stop promotions\")"),
            },
        ]),
    );
    if !rights.is_empty() {
        out.insert("dpv:hasRight".into(), Value::Array(rights));
    }
    out.insert("dpv:hasNotice".into(), Value::Array(notices));
    out.insert("dpv:hasConsentStatus".into(), Value::Array(current));
    out.insert("dct:provenance".into(), Value::Array(history));
    Value::Object(out)
}

/// Prefixes, and the properties whose values are IRIs (so `"dpv:DirectMarketing"` is the DPV
/// concept, not a string). DPV 2.x publishes no JSON-LD context document to link to.
fn context() -> Value {
    let mut m = Map::new();
    for (p, iri) in [
        ("dpv", "https://w3id.org/dpv#"),
        ("dct", "http://purl.org/dc/terms/"),
        ("eu-gdpr", "https://w3id.org/dpv/legal/eu/gdpr#"),
        ("loc", "https://w3id.org/dpv/loc#"),
        ("pd", "https://w3id.org/dpv/pd#"),
        ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ] {
        m.insert(p.into(), json!(iri));
    }
    for p in [
        "dct:conformsTo",
        "dpv:hasPurpose",
        "dpv:hasPersonalData",
        "dpv:hasLegalBasis",
        "dpv:hasJurisdiction",
        "dpv:hasApplicableLaw",
        "dpv:hasLocation",
        "dpv:hasDataSource",
        "dpv:isIndicatedBy",
    ] {
        m.insert(p.into(), json!({ "@type": "@id" }));
    }
    Value::Object(m)
}

// ---------------------------------------------------------------------------------------------
// Kantara Consent Receipt v1.1

fn epoch_seconds(iso: Option<&str>) -> Option<i64> {
    iso.and_then(|t| time::parse(t).ok())
        .map(|ms| ms.div_euclid(1000))
}

/// The Kantara Initiative Consent Receipt v1.1 (`KI-CR-v1.1.0`). It lists only purposes whose
/// consent is given now: a receipt documents consent held, and a refused or withdrawn purpose
/// would read as consent to it. The whole history is in `consent_receipt` and `print_record`.
pub fn kantara_receipt(record: &Value) -> Value {
    let id = s(record, &["id"]).unwrap_or("");
    let contact = s(record, &["controller", "contact"]).unwrap_or("");
    let keys = pii_keys(record);
    let mut categories = vec!["Contact: mobile phone number (WhatsApp)".to_string()];
    if keys.contains("name") {
        categories.push("Biographical: name".into());
    }
    if keys.contains("email") {
        categories.push("Contact: e-mail address".into());
    }
    categories.push("Communications: WhatsApp messages and their delivery data".into());
    let stop = stop_word(record);

    let given: Vec<Value> = purposes(record)
        .into_iter()
        .filter(|(_, st)| s(st, &["status"]) == Some("ConsentGiven"))
        .map(|(p, _)| {
            json!({
                "purpose": english_purpose(p),
                // Kantara's purpose categories: order updates are contact about the contracted service.
                "purposeCategory": [if p == "promo" { "Marketing" } else { "Contact Requested" }],
                "consentType": "EXPLICIT",
                "piiCategory": categories,
                "primaryPurpose": p != "promo",
                "termination": format!("When the person withdraws consent by replying {stop} on WhatsApp (at any time, GDPR Art. 7(3)), or asks for erasure"),
                "thirdPartyDisclosure": true,
                "thirdPartyName": META,
            })
        })
        .collect();

    let mut controller = Map::new();
    controller.insert(
        "piiController".into(),
        json!(s(record, &["controller", "name"]).unwrap_or("")),
    );
    controller.insert("onBehalf".into(), json!(false));
    controller.insert("contact".into(), json!(contact));
    controller.insert("address".into(), json!({}));
    if contact.contains('@') && !contact.contains(char::is_whitespace) && !contact.contains("://") {
        controller.insert("email".into(), json!(contact.trim_start_matches("mailto:")));
    }
    if contact.starts_with("https://") || contact.starts_with("http://") {
        controller.insert("piiControllerUrl".into(), json!(contact));
    }
    let method = match method_of(record) {
        Some("web_form") => "web form with an unticked checkbox per purpose",
        Some("email_link") => "invitation e-mail with a WhatsApp link",
        Some("whatsapp_thread") => "WhatsApp conversation",
        Some("paper") => "paper form",
        Some("import") => "imported from existing records",
        _ => "API",
    };
    let method = if confirmed_at(record).is_some() {
        format!("{method}, confirmed by a WhatsApp reply (double opt-in)")
    } else {
        method.to_string()
    };
    let timestamp = epoch_seconds(confirmed_at(record))
        .or_else(|| epoch_seconds(collected_at(record)))
        .unwrap_or(0);

    json!({
        "version": "KI-CR-v1.1.0",
        "jurisdiction": s(record, &["jurisdiction"]).unwrap_or(""),
        "consentTimestamp": timestamp,
        "collectionMethod": method,
        // One receipt per state of the record: the id and the head of its hash chain.
        "consentReceiptID": format!("{id}:{}", s(record, &["head"]).unwrap_or("").trim_start_matches("sha256:").get(..16).unwrap_or("")),
        "language": s(record, &["lang"]).unwrap_or(""),
        "piiPrincipalId": format!("urn:whatsapp-consent:subject:{id}"),
        "piiControllers": [Value::Object(controller)],
        "policyUrl": s(record, &["privacyPolicyUrl"]).unwrap_or(""),
        "services": if given.is_empty() { json!([]) } else { json!([{ "service": SERVICE, "purposes": given }]) },
        "sensitive": false,
        "spiCat": [],
    })
}

// ---------------------------------------------------------------------------------------------
// Text

fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (k, v) in values {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

fn status_label(lang: &str, status: &str) -> String {
    let key = match status {
        "ConsentRequested" => "status_requested",
        "ConsentGiven" => "status_given",
        "ConsentRefused" => "status_refused",
        "ConsentWithdrawn" => "status_withdrawn",
        "ConsentExpired" => "status_expired",
        other => return other.to_string(),
    };
    label(lang, key).to_string()
}

/// "consent given since 2026-…" for a purpose's state in the record view.
fn status_since(lang: &str, st: &Value) -> String {
    format!(
        "{} {} {}",
        status_label(lang, s(st, &["status"]).unwrap_or(DASH)),
        label(lang, "since"),
        or_dash(s(st, &["since"]))
    )
}

fn purpose_label(lang: &str, p: &str) -> String {
    match p {
        "promo" => label(lang, "purpose_promo").to_string(),
        "trans" => label(lang, "purpose_trans").to_string(),
        other => other.to_string(),
    }
}

fn method_label(lang: &str, method: Option<&str>) -> String {
    match method {
        Some(m @ ("web_form" | "email_link" | "whatsapp_thread" | "import" | "paper" | "api")) => {
            label(lang, &format!("method_{m}")).to_string()
        }
        Some(other) => other.to_string(),
        None => DASH.to_string(),
    }
}

fn event_label(lang: &str, t: &str) -> String {
    let l = label(lang, &format!("event_{t}"));
    if l.is_empty() {
        t.to_string()
    } else {
        l.to_string()
    }
}

fn or_dash(v: Option<&str>) -> String {
    v.map(str::to_string).unwrap_or_else(|| DASH.to_string())
}

fn quoted(v: &str) -> String {
    format!("\"{v}\"")
}

/// A plain-text document: headings underlined, label/value rows aligned per block, continuation
/// lines of a value indented under it.
struct Doc {
    out: String,
    rows: Vec<(String, String)>,
    indent: usize,
}

impl Doc {
    fn new() -> Doc {
        Doc {
            out: String::new(),
            rows: Vec::new(),
            indent: 2,
        }
    }
    fn flush(&mut self) {
        let width = self
            .rows
            .iter()
            .map(|(l, _)| l.chars().count())
            .max()
            .unwrap_or(0);
        for (l, v) in self.rows.drain(..) {
            let pad = " ".repeat(self.indent);
            let gap = " ".repeat(width - l.chars().count() + 2);
            let cont = format!("\n{pad}{}", " ".repeat(width + 2));
            self.out
                .push_str(&format!("{pad}{l}{gap}{}\n", v.replace('\n', &cont)));
        }
    }
    fn title(&mut self, t: &str) {
        self.flush();
        self.out
            .push_str(&format!("{t}\n{}\n", "=".repeat(t.chars().count())));
    }
    fn heading(&mut self, t: &str) {
        self.flush();
        self.out
            .push_str(&format!("\n{t}\n{}\n", "-".repeat(t.chars().count())));
    }
    fn row(&mut self, l: &str, v: impl Into<String>) {
        self.rows.push((l.to_string(), v.into()));
    }
    fn line(&mut self, t: &str) {
        self.flush();
        let pad = " ".repeat(self.indent);
        self.out
            .push_str(&format!("{pad}{}\n", t.replace('\n', &format!("\n{pad}"))));
    }
    fn blank(&mut self) {
        self.flush();
        self.out.push('\n');
    }
    fn finish(mut self) -> String {
        self.flush();
        self.out
    }
}

/// A personal datum of an event, or `[erased]` when only its commitment is left.
fn pii_of(lang: &str, ev: &Value, key: &str) -> Option<String> {
    s(ev, &["pii", key])
        .map(str::to_string)
        .or_else(|| get(ev, &["redacted", key]).map(|_| label(lang, "redacted").to_string()))
}

/// The exact text of an inbound message, quoted; `[erased]` (unquoted) after erasure.
fn received_text(lang: &str, ev: &Value) -> Option<String> {
    match s(ev, &["pii", "text"]) {
        Some(t) => Some(quoted(t)),
        None => pii_of(lang, ev, "text"),
    }
}

fn erased_at(record: &Value) -> Option<&str> {
    events(record)
        .iter()
        .rev()
        .find(|e| s(e, &["type"]) == Some("erased"))
        .and_then(|e| s(e, &["at"]))
}

fn compact(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The human-readable proof of a record: who, controller, when, which exact text and version per
/// purpose, how, the double opt-in, every event in order, the current status and whether the
/// hash chain is intact (as `verification`, from `record::verify`, says). Plain text; labels in
/// `lang` (English when it has none); times as stored, ISO 8601 UTC.
pub fn print_record(record: &Value, lang: &str, verification: &Verification) -> String {
    let l = |k: &str| label(lang, k);
    let data = origin(record);
    let erased = record.get("erased").and_then(Value::as_bool) == Some(true);
    let mut d = Doc::new();
    d.title(l("title_record"));
    d.row(l("record_id"), or_dash(s(record, &["id"])));
    d.row(l("language"), or_dash(s(record, &["lang"])));
    d.row(l("jurisdiction"), or_dash(s(record, &["jurisdiction"])));

    d.heading(l("section_subject"));
    if erased {
        d.line(&fill(l("erased"), &[("date", &or_dash(erased_at(record)))]));
    } else {
        d.row(l("phone"), or_dash(s(record, &["phone"])));
        d.row(l("wa_id"), or_dash(s(record, &["waId"])));
        d.row(l("name"), or_dash(s(record, &["name"])));
        d.row(l("email"), or_dash(s(record, &["email"])));
    }

    d.heading(l("section_controller"));
    d.row(l("name"), or_dash(s(record, &["controller", "name"])));
    d.row(l("contact"), or_dash(s(record, &["controller", "contact"])));
    d.row(l("privacy_policy"), or_dash(s(record, &["privacyPolicyUrl"])));

    d.heading(l("section_collection"));
    d.row(l("collected_at"), or_dash(s(data, &["collectedAt"])));
    d.row(
        l("recorded_at"),
        or_dash(events(record).first().and_then(|e| s(e, &["at"]))),
    );
    let method = method_of(record);
    d.row(
        l("method"),
        format!("{} ({})", method_label(lang, method), method.unwrap_or(DASH)),
    );
    d.row(l("source_url"), or_dash(s(data, &["source", "url"])));
    if let Some(c) = s(data, &["source", "consentChannel"]) {
        d.row(l("consent_channel"), c);
    }
    if let Some(first) = events(record).first() {
        for (k, key) in [("ip", "ip"), ("user_agent", "userAgent")] {
            if let Some(v) = pii_of(lang, first, key) {
                d.row(l(k), v);
            }
        }
    }
    if let Some(age) = get(data, &["age"]) {
        d.row(l("age"), compact(age));
    }
    match get(data, &["parentalConsent"]) {
        Some(Value::Bool(b)) => d.row(l("parental_consent"), l(if *b { "yes" } else { "no" })),
        Some(Value::Object(p)) => d.row(
            l("parental_consent"),
            p.iter()
                .map(|(k, v)| format!("{k}: {}", compact(v)))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        _ => {}
    }

    d.heading(l("section_purposes"));
    let ps = purposes(record);
    if ps.is_empty() {
        d.line(l("none"));
    }
    for (i, (p, st)) in ps.iter().enumerate() {
        if i > 0 {
            d.blank();
        }
        d.line(&format!("[{p}] {}", purpose_label(lang, p)));
        let sh = shown(record, p);
        d.row(
            l("status"),
            status_since(lang, st),
        );
        if let Some(c) = sh.checked {
            d.row(l("ticked"), l(if c { "yes" } else { "no" }));
        }
        if let Some(c) = sh.pre_checked {
            d.row(l("pre_ticked"), l(if c { "yes" } else { "no" }));
        }
        d.row(
            l("text_shown"),
            sh.text
                .map(quoted)
                .unwrap_or_else(|| l("not_recorded").to_string()),
        );
        if let Some(inv) = sh.invitation {
            d.row(l("invitation_text"), quoted(inv));
        }
        d.row(l("text_version"), or_dash(sh.version));
    }

    d.heading(l("section_doi"));
    let doi = get(record, &["doi"]);
    match doi {
        None => d.line(l("none")),
        Some(doi) => {
            d.row(l("token_hash"), or_dash(s(doi, &["tokenHash"])));
            d.row(l("issued_at"), or_dash(s(doi, &["issuedAt"])));
            d.row(l("expires_at"), or_dash(s(doi, &["expiresAt"])));
            let sent: Vec<String> = events(record)
                .iter()
                .filter(|e| {
                    s(e, &["type"]) == Some("sent") && s(e, &["data", "text"]) == Some("confirmation")
                })
                .map(|e| {
                    format!(
                        "{} ({} {})",
                        or_dash(s(e, &["at"])),
                        l("message_id"),
                        or_dash(s(e, &["messageId"]))
                    )
                })
                .collect();
            d.row(
                l("sent_at"),
                if sent.is_empty() {
                    l("not_recorded").to_string()
                } else {
                    sent.join("\n")
                },
            );
            let confirmation = events(record)
                .iter()
                .rev()
                .find(|e| s(e, &["type"]) == Some("confirmed"));
            match confirmation {
                Some(c) => {
                    d.row(l("confirmed_at"), or_dash(s(c, &["at"])));
                    d.row(
                        l("confirming_message"),
                        format!("{} {}", l("message_id"), or_dash(s(c, &["messageId"]))),
                    );
                    d.row(l("channel"), or_dash(s(c, &["channel"])));
                    d.row(
                        l("text_received"),
                        received_text(lang, c).unwrap_or_else(|| DASH.into()),
                    );
                }
                None => d.row(
                    l("confirmed_at"),
                    or_dash(s(doi, &["usedAt"]).or(Some(l("not_confirmed")))),
                ),
            }
        }
    }

    d.heading(l("section_events"));
    for (i, ev) in events(record).iter().enumerate() {
        if i > 0 {
            d.blank();
        }
        let t = s(ev, &["type"]).unwrap_or(DASH);
        let seq = get(ev, &["seq"]).map(compact).unwrap_or_else(|| i.to_string());
        d.line(&format!(
            "#{seq}  {}  {}",
            or_dash(s(ev, &["at"])),
            event_label(lang, t)
        ));
        d.indent = 6;
        d.row(l("channel"), or_dash(s(ev, &["channel"])));
        d.row(l("message_id"), or_dash(s(ev, &["messageId"])));
        if let Some(intent) = s(ev, &["intent"]) {
            d.row(l("meaning"), intent);
        }
        if let Some(changes) = ev
            .get("changes")
            .and_then(Value::as_object)
            .filter(|c| !c.is_empty())
        {
            let list: Vec<String> = changes
                .iter()
                .map(|(p, st)| format!("{p}: {}", status_label(lang, st.as_str().unwrap_or(DASH))))
                .collect();
            d.row(l("changes"), list.join("; "));
        }
        if let Some(text) = received_text(lang, ev) {
            d.row(l("text_received"), text);
        }
        for (key, lab) in [("phone", "other_number"), ("name", "name"), ("email", "email")] {
            // The first event's contact data is printed above under the data subject.
            if i > 0 {
                if let Some(v) = pii_of(lang, ev, key) {
                    d.row(
                        l(if key == "phone" && get(ev, &["data", "otherNumber"]).is_none() {
                            "phone"
                        } else {
                            lab
                        }),
                        v,
                    );
                }
            }
        }
        if i > 0 {
            if let Some(m) = ev
                .get("data")
                .and_then(Value::as_object)
                .filter(|m| !m.is_empty())
            {
                let details: Vec<String> = m.iter().map(|(k, v)| format!("{k}: {}", compact(v))).collect();
                d.row(l("details"), details.join("\n"));
            }
        }
        d.flush();
        d.indent = 2;
    }

    d.heading(l("section_status"));
    for (p, st) in &ps {
        d.row(
            &purpose_label(lang, p),
            status_since(lang, st),
        );
    }
    if let Some(m) = s(record, &["metaMarketing"]) {
        d.row(
            l("meta_marketing"),
            l(if m == "stopped" {
                "meta_stopped"
            } else {
                "meta_resumed"
            }),
        );
    }
    let requests: Vec<String> = record
        .get("requests")
        .and_then(Value::as_array)
        .map(|rs| {
            rs.iter()
                .map(|r| {
                    let kind = if s(r, &["type"]) == Some("erasure") {
                        l("request_erasure")
                    } else {
                        l("request_access")
                    };
                    format!(
                        "{kind}, {} {}, {} {}",
                        l("received_at"),
                        or_dash(s(r, &["receivedAt"])),
                        l("due_by"),
                        or_dash(s(r, &["dueBy"]))
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    d.row(
        l("open_requests"),
        if requests.is_empty() {
            l("none").to_string()
        } else {
            requests.join("\n")
        },
    );

    d.heading(l("section_chain"));
    if verification.valid {
        d.row(
            l("status"),
            fill(l("chain_ok"), &[("count", &verification.events.to_string())]),
        );
    } else {
        d.row(l("status"), l("chain_broken"));
        for p in &verification.problems {
            let at = p.seq.map(|s| format!("#{s} ")).unwrap_or_default();
            d.row(l("problem"), format!("{at}{}: {}", p.code, p.message));
        }
    }
    d.row(
        l("chain_head"),
        or_dash(verification.head.as_deref().or(s(record, &["head"]))),
    );
    d.finish()
}

// ---------------------------------------------------------------------------------------------
// Art. 15 access report

/// Every personal datum the record holds: the contact data, every message text with its time,
/// and any other personal data of an event (IP address, browser, a number a message came from).
fn data_copy(record: &Value) -> Value {
    let mut messages = Vec::new();
    let mut other = Vec::new();
    for ev in events(record) {
        let Some(pii) = ev.get("pii").and_then(Value::as_object) else {
            continue;
        };
        for (k, v) in pii {
            if k == "text" {
                messages.push(json!({ "at": s(ev, &["at"]), "messageId": s(ev, &["messageId"]), "channel": s(ev, &["channel"]), "text": v }));
            } else {
                other
                    .push(json!({ "at": s(ev, &["at"]), "event": s(ev, &["type"]), "field": k, "value": v }));
            }
        }
    }
    json!({
        "phone": s(record, &["phone"]),
        "waId": s(record, &["waId"]),
        "name": s(record, &["name"]),
        "email": s(record, &["email"]),
        "messages": messages,
        "other": other,
    })
}

/// The Art. 15 report of a record: JSON with every Art. 15(1)(a)–(h), (2), (3) key (reference
/// R-15; a key with nothing to say holds "none") plus `generated_at`, and `request_due_by` while
/// an access request is open; and the same as text in `lang`.
pub fn access_report(record: &Value, lang: &str, now_ms: i64) -> (Value, String) {
    let l = |k: &str| label(lang, k);
    let company = s(record, &["controller", "name"]).unwrap_or(DASH);
    let contact = s(record, &["controller", "contact"]).unwrap_or(DASH);
    let erased = record.get("erased").and_then(Value::as_bool) == Some(true);
    let generated = time::format(now_ms);
    let due = record.get("requests").and_then(Value::as_array).and_then(|rs| {
        rs.iter()
            .filter(|r| s(r, &["type"]) == Some("access"))
            .filter_map(|r| s(r, &["dueBy"]))
            .min()
    });

    let ps = purposes(record);
    let purposes_json: Vec<Value> = ps
        .iter()
        .map(|(p, st)| {
            json!({
                "purpose": p,
                "label": purpose_label(lang, p),
                "status": s(st, &["status"]),
                "status_label": status_label(lang, s(st, &["status"]).unwrap_or(DASH)),
                "since": s(st, &["since"]),
                "legal_basis": l("legal_basis_consent"),
            })
        })
        .collect();

    // What the record holds now (after erasure: the proof of consent only).
    let keys: BTreeSet<String> = events(record)
        .iter()
        .filter_map(|e| e.get("pii").and_then(Value::as_object))
        .flat_map(|m| m.keys().cloned())
        .collect();
    let mut categories: Vec<(&str, &str)> = Vec::new();
    if s(record, &["phone"]).is_some() {
        categories.push(("pd:TelephoneNumber", "cat_phone"));
    }
    if s(record, &["waId"]).is_some() {
        categories.push(("pd:Identifier", "cat_wa_id"));
    }
    if s(record, &["name"]).is_some() {
        categories.push(("pd:Name", "cat_name"));
    }
    if s(record, &["email"]).is_some() {
        categories.push(("pd:EmailAddress", "cat_email"));
    }
    if keys.contains("text") {
        categories.push(("pd:Communication", "cat_messages"));
    }
    categories.push(("dpv:ConsentRecord", "cat_consent"));
    if events(record)
        .iter()
        .any(|e| matches!(s(e, &["type"]), Some("sent" | "delivery")))
    {
        categories.push(("pd:CommunicationsMetadata", "cat_delivery"));
    }
    if keys.contains("ip") || keys.contains("userAgent") {
        categories.push(("pd:IPAddress", "cat_technical"));
    }
    let categories_json: Vec<Value> = categories
        .iter()
        .map(|(c, k)| json!({ "category": c, "label": l(k) }))
        .collect();

    let method = method_of(record);
    let date = collected_at(record)
        .map(|t| t.get(..10).unwrap_or(t).to_string())
        .unwrap_or_else(|| DASH.into());
    let source = if method == Some("import") {
        fill(l("source_import"), &[("company", company), ("date", &date)])
    } else {
        fill(
            l("source_subject"),
            &[("method", &method_label(lang, method)), ("date", &date)],
        )
    };
    let recipients = fill(l("recipients_text"), &[("company", company)]);
    let rights = fill(l("rights_text"), &[("contact", contact)]);
    let copy = data_copy(record);

    let consent_records = json!([{
        "id": s(record, &["id"]),
        "collected_at": collected_at(record),
        "method": method,
        "url": s(origin(record), &["source", "url"]),
        "purposes": ps.iter().map(|(p, st)| {
            let sh = shown(record, p);
            json!({
                "purpose": p,
                "status": s(st, &["status"]),
                "since": s(st, &["since"]),
                "text": sh.text.or(sh.invitation),
                "textVersion": sh.version,
            })
        }).collect::<Vec<_>>(),
        "doi": {
            "issuedAt": s(record, &["doi", "issuedAt"]),
            "confirmedAt": confirmed_at(record),
        },
        "events": events(record).iter().map(|e| json!({
            "seq": get(e, &["seq"]),
            "at": s(e, &["at"]),
            "type": s(e, &["type"]),
            "channel": s(e, &["channel"]),
            "messageId": s(e, &["messageId"]),
            "changes": get(e, &["changes"]),
        })).collect::<Vec<_>>(),
        "erased": erased,
        "head": s(record, &["head"]),
    }]);

    let mut json = Map::new();
    json.insert("generated_at".into(), json!(generated));
    if let Some(d) = due {
        json.insert("request_due_by".into(), json!(d));
    }
    json.insert("controller".into(), json!({ "name": s(record, &["controller", "name"]), "contact": s(record, &["controller", "contact"]) }));
    json.insert(
        "purposes".into(),
        if purposes_json.is_empty() {
            json!("none")
        } else {
            Value::Array(purposes_json)
        },
    );
    json.insert("data_categories".into(), Value::Array(categories_json));
    json.insert(
        "recipients".into(),
        json!([{ "name": META, "role": "processor", "service": "WhatsApp Business Platform", "country": "IE", "description": recipients }]),
    );
    json.insert("retention".into(), json!(l("retention_text")));
    json.insert("rights".into(), json!(rights));
    json.insert("complaint_authority".into(), json!(l("complaint_text")));
    json.insert("source".into(), json!(source));
    json.insert("automated_decisions".into(), json!("none"));
    json.insert(
        "transfers_safeguards".into(),
        json!({ "countries": ["US"], "safeguard": "EU–US Data Privacy Framework (adequacy decision, GDPR Art. 45)", "description": l("transfers_text") }),
    );
    json.insert("data_copy".into(), copy.clone());
    json.insert("consent_records".into(), consent_records);

    // The text: the same, in the same order.
    let mut d = Doc::new();
    d.title(l("title_access"));
    d.row(l("generated_at"), generated.clone());
    if let Some(due) = due {
        d.row(l("request_due"), due);
    }
    d.row(l("section_controller"), format!("{company} ({contact})"));
    d.blank();
    if erased {
        d.line(&fill(l("erased"), &[("date", &or_dash(erased_at(record)))]));
    } else {
        d.line(&fill(l("a15_intro"), &[("company", company)]));
    }
    d.heading(l("a15_purposes"));
    if ps.is_empty() {
        d.line(l("none"));
    }
    for (p, st) in &ps {
        d.row(
            &purpose_label(lang, p),
            status_since(lang, st),
        );
    }
    d.row(l("legal_basis"), l("legal_basis_consent"));
    d.heading(l("a15_categories"));
    for (_, k) in &categories {
        d.line(&format!("- {}", l(k)));
    }
    d.heading(l("a15_recipients"));
    d.line(&recipients);
    d.heading(l("a15_retention"));
    d.line(l("retention_text"));
    d.heading(l("a15_rights"));
    d.line(&rights);
    d.heading(l("a15_complaint"));
    d.line(l("complaint_text"));
    d.heading(l("a15_source"));
    d.line(&source);
    d.heading(l("a15_automated"));
    d.line(l("automated_none"));
    d.heading(l("a15_transfers"));
    d.line(l("transfers_text"));

    d.heading(l("data_copy"));
    d.row(l("phone"), or_dash(s(&copy, &["phone"])));
    d.row(l("wa_id"), or_dash(s(&copy, &["waId"])));
    d.row(l("name"), or_dash(s(&copy, &["name"])));
    d.row(l("email"), or_dash(s(&copy, &["email"])));
    let messages = copy
        .get("messages")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    d.row(
        l("messages_sent"),
        if messages.is_empty() {
            l("none").to_string()
        } else {
            messages
                .iter()
                .map(|m| {
                    format!(
                        "{}  {}  ({} {})",
                        or_dash(s(m, &["at"])),
                        quoted(s(m, &["text"]).unwrap_or("")),
                        l("message_id"),
                        or_dash(s(m, &["messageId"]))
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        },
    );
    for o in copy.get("other").and_then(Value::as_array).into_iter().flatten() {
        let field = s(o, &["field"]).unwrap_or("");
        let lab = match field {
            "ip" => l("ip"),
            "userAgent" => l("user_agent"),
            "phone" => l("phone"),
            "name" => l("name"),
            "email" => l("email"),
            "matched" => l("meaning"),
            other => other,
        };
        d.row(
            lab,
            format!(
                "{}  — {}, {}",
                s(o, &["value"]).unwrap_or(""),
                event_label(lang, s(o, &["event"]).unwrap_or("")),
                or_dash(s(o, &["at"]))
            ),
        );
    }

    d.heading(l("a15_records"));
    d.row(l("record_id"), or_dash(s(record, &["id"])));
    d.row(l("collected_at"), or_dash(collected_at(record)));
    d.row(l("method"), method_label(lang, method));
    for (p, _) in &ps {
        let sh = shown(record, p);
        d.row(
            &format!("{} [{p}]", l("text_shown")),
            format!(
                "{}\n{} {}",
                sh.text
                    .or(sh.invitation)
                    .map(quoted)
                    .unwrap_or_else(|| l("not_recorded").into()),
                l("text_version"),
                or_dash(sh.version)
            ),
        );
    }
    d.row(
        l("confirmed_at"),
        confirmed_at(record)
            .map(str::to_string)
            .unwrap_or_else(|| l("not_confirmed").into()),
    );
    d.row(l("chain_head"), or_dash(s(record, &["head"])));
    (Value::Object(json), d.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consent::record::{self, Problem};

    const PROMO_TEXT: &str = "Ja, Beispiel GmbH darf mir Angebote, Aktionen und Neuigkeiten per WhatsApp an die angegebene Handynummer senden. Ich kann mich jederzeit abmelden, indem ich STOPP antworte. Einzelheiten: https://beispiel.de/datenschutz";
    const TRANS_TEXT: &str = "Ja, Beispiel GmbH darf mir Informationen zu Bestellungen und Lieferungen per WhatsApp an die angegebene Handynummer senden. Ich kann mich jederzeit abmelden, indem ich STOPP antworte. Einzelheiten: https://beispiel.de/datenschutz";
    const PROMO_V: &str = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    const TRANS_V: &str = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

    fn h(n: u8) -> String {
        format!("sha256:{}", format!("{n:02x}").repeat(32))
    }

    /// A record in the shape `record::Record::to_value` writes: web form, DOI request sent,
    /// confirmed with "JA, gerne", marketing stopped by a preference reply, an open access request.
    fn sample() -> Value {
        let events = vec![
            json!({
                "seq": 0, "type": "requested", "at": "2026-11-29T08:00:00.000Z", "channel": "web_form",
                "messageId": null, "intent": null,
                "changes": { "promo": "ConsentRequested", "trans": "ConsentRequested" },
                "data": {
                    "lang": "de", "jurisdiction": "DE",
                    "controller": { "name": "Beispiel GmbH", "contact": "datenschutz@beispiel.de" },
                    "privacyPolicyUrl": "https://beispiel.de/datenschutz",
                    "collectedAt": "2026-11-29T07:59:30.000Z",
                    "source": { "method": "web_form", "url": "https://beispiel.de/whatsapp" },
                    "purposes": {
                        "promo": { "checked": true, "preChecked": false, "text": PROMO_TEXT, "textVersion": PROMO_V },
                        "trans": { "checked": true, "preChecked": false, "text": TRANS_TEXT, "textVersion": TRANS_V },
                    },
                    "age": null, "parentalConsent": null,
                    "doi": { "tokenHash": h(0xd0), "issuedAt": "2026-11-29T08:00:00.000Z", "expiresAt": "2026-12-02T08:00:00.000Z" },
                },
                "pii": { "phone": "+4915123456789", "name": "Erika Mustermann", "email": "erika@example.de", "ip": "203.0.113.7", "userAgent": "Mozilla/5.0 (Android 14)" },
                "prev": record::GENESIS, "hash": h(1),
            }),
            json!({
                "seq": 1, "type": "sent", "at": "2026-11-29T08:00:05.000Z", "channel": "whatsapp",
                "messageId": "wamid.DOI1", "intent": null, "changes": {},
                "data": { "direction": "out", "category": "utility", "text": "confirmation" },
                "prev": h(1), "hash": h(2),
            }),
            json!({
                "seq": 2, "type": "confirmed", "at": "2026-11-29T08:03:00.000Z", "channel": "whatsapp",
                "messageId": "wamid.CONF1", "intent": "confirm",
                "changes": { "promo": "ConsentGiven", "trans": "ConsentGiven" },
                "data": { "direction": "in", "messageType": "text", "tokenUsed": true, "tokenMatched": false, "rule": "GDPR Art. 7(1); BGH I ZR 164/09 (double opt-in)" },
                "pii": { "text": "JA, gerne", "matched": "ja" },
                "prev": h(2), "hash": h(3),
            }),
            json!({
                "seq": 3, "type": "preferences", "at": "2026-12-01T10:00:00.000Z", "channel": "whatsapp",
                "messageId": "wamid.PREF1", "intent": "pref_trans",
                "changes": { "promo": "ConsentWithdrawn" },
                "data": { "direction": "in", "messageType": "text" },
                "pii": { "text": "Bitte nur noch Infos zu meinen Bestellungen" },
                "prev": h(3), "hash": h(4),
            }),
            json!({
                "seq": 4, "type": "access_requested", "at": "2026-12-02T09:00:00.000Z", "channel": "whatsapp",
                "messageId": "wamid.ACC1", "intent": "access_request", "changes": {},
                "data": { "direction": "in", "messageType": "text", "dueBy": "2027-01-02T09:00:00.000Z", "rule": "GDPR Art. 15, Art. 12(3)" },
                "pii": { "text": "Welche Daten haben Sie über mich gespeichert?" },
                "prev": h(4), "hash": h(5),
            }),
        ];
        json!({
            "schema": "whatsapp-consent/record@1",
            "id": "6f1c2a9e-0b7d-4c1e-9a53-2b8f0e4d7c11",
            "salt": "00112233445566778899aabbccddeeff",
            "phone": "+4915123456789",
            "waId": "4915123456789",
            "name": "Erika Mustermann",
            "email": "erika@example.de",
            "lang": "de",
            "jurisdiction": "DE",
            "controller": { "name": "Beispiel GmbH", "contact": "datenschutz@beispiel.de" },
            "privacyPolicyUrl": "https://beispiel.de/datenschutz",
            "purposes": {
                "promo": { "status": "ConsentWithdrawn", "since": "2026-12-01T10:00:00.000Z", "textVersion": PROMO_V },
                "trans": { "status": "ConsentGiven", "since": "2026-11-29T08:03:00.000Z", "textVersion": TRANS_V },
            },
            "doi": { "tokenHash": h(0xd0), "issuedAt": "2026-11-29T08:00:00.000Z", "expiresAt": "2026-12-02T08:00:00.000Z", "usedAt": "2026-11-29T08:03:00.000Z" },
            "metaMarketing": null,
            "requests": [{ "type": "access", "receivedAt": "2026-12-02T09:00:00.000Z", "dueBy": "2027-01-02T09:00:00.000Z", "messageId": "wamid.ACC1" }],
            "lastInboundAt": "2026-12-02T09:00:00.000Z",
            "erased": false,
            "events": events,
            "head": h(5),
        })
    }

    fn intact(n: usize) -> Verification {
        Verification {
            valid: true,
            problems: vec![],
            events: n,
            head: Some(h(5)),
        }
    }

    /// A record made by the engine itself: form, DOI request, "JA" from the same number.
    fn engine_record() -> record::Record {
        use crate::consent::{Checkbox, Controller, Method, Policy, Source, Submission};
        use crate::texts::{sha256_hex, Purpose};
        let now = time::parse("2026-11-29T08:00:00Z").unwrap();
        let sub = Submission {
            e164: "+4915123456789".into(),
            name: Some("Erika Mustermann".into()),
            email: None,
            lang: "de".into(),
            jurisdiction: Some("DE".into()),
            controller: Controller {
                name: "Beispiel GmbH".into(),
                contact: "datenschutz@beispiel.de".into(),
            },
            privacy_policy_url: "https://beispiel.de/datenschutz".into(),
            checkboxes: vec![
                Checkbox {
                    purpose: Purpose::Promo,
                    checked: true,
                    pre_checked: false,
                    text: PROMO_TEXT.into(),
                    text_version: sha256_hex(PROMO_TEXT),
                },
                Checkbox {
                    purpose: Purpose::Trans,
                    checked: false,
                    pre_checked: false,
                    text: TRANS_TEXT.into(),
                    text_version: sha256_hex(TRANS_TEXT),
                },
            ],
            source: Source {
                method: Some(Method::WebForm),
                url: Some("https://beispiel.de/whatsapp".into()),
                ..Source::default()
            },
            collected_at_ms: now - 30_000,
            age: None,
            parental_consent: None,
        };
        let mut rec = record::create(&sub, now, &Policy::default(), None)
            .unwrap()
            .record;
        crate::consent::send::record_sent(
            &mut rec,
            crate::consent::send::Category::Utility,
            Some("confirmation"),
            Some("wamid.DOI1"),
            now + 5_000,
        )
        .unwrap();
        let opts = record::ApplyOptions {
            now_ms: now + 120_000,
            from: Some("+4915123456789".into()),
            message_id: Some("wamid.CONF1".into()),
            ..Default::default()
        };
        let out = record::apply(&mut rec, &record::Input::Text("JA"), &opts).unwrap();
        assert_eq!(out.code, "CONFIRMED");
        rec
    }

    #[test]
    fn iso_27560_record_has_the_mandatory_fields() {
        let r = consent_receipt(&sample());
        assert_eq!(r["@type"], "dpv:ConsentRecord");
        assert_eq!(r["@context"]["dpv"], "https://w3id.org/dpv#");
        assert_eq!(r["@context"]["eu-gdpr"], "https://w3id.org/dpv/legal/eu/gdpr#");
        assert_eq!(r["dct:identifier"], "6f1c2a9e-0b7d-4c1e-9a53-2b8f0e4d7c11");
        assert_eq!(
            r["dct:conformsTo"],
            "https://w3id.org/dpv/schema/dpv-27560#record-eu-gdpr"
        );
        assert_eq!(r["dct:language"], "de");
        // The data subject is pseudonymous: never the number.
        assert_eq!(
            r["dpv:hasDataSubject"]["@id"],
            "urn:whatsapp-consent:subject:6f1c2a9e-0b7d-4c1e-9a53-2b8f0e4d7c11"
        );
        let text = r.to_string();
        assert!(
            !text.contains("15123456789") && !text.contains("Erika") && !text.contains("203.0.113.7"),
            "{text}"
        );
        assert_eq!(r["dpv:hasDataController"]["dpv:hasName"], "Beispiel GmbH");
        assert_eq!(
            r["dpv:hasDataController"]["dpv:hasContact"],
            "datenschutz@beispiel.de"
        );
        assert_eq!(r["dpv:hasJurisdiction"], "loc:DE");
        assert_eq!(r["dpv:hasApplicableLaw"], "eu-gdpr:GDPR");
        assert_eq!(r["dpv:hasLegalBasis"], "eu-gdpr:A6-1-a");
        let processes = r["dpv:hasProcess"].as_array().unwrap();
        assert_eq!(processes.len(), 2);
        let promo = &processes[0];
        assert_eq!(promo["dct:identifier"], "promo");
        assert_eq!(promo["dpv:hasPurpose"], json!(["dpv:DirectMarketing"]));
        assert_eq!(
            processes[1]["dpv:hasPurpose"],
            json!(["dpv:CommunicationForCustomerCare", "dpv:CustomerOrderManagement"])
        );
        assert_eq!(promo["dpv:hasLegalBasis"], "eu-gdpr:A6-1-a");
        let pd = promo["dpv:hasPersonalData"].as_array().unwrap();
        for class in [
            "pd:TelephoneNumber",
            "pd:Name",
            "pd:EmailAddress",
            "pd:Communication",
            "pd:IPAddress",
        ] {
            assert!(pd.contains(&json!(class)), "{class}");
        }
        let storage = promo["dpv:hasStorageCondition"].as_array().unwrap();
        assert_eq!(storage[0]["@type"], "dpv:StorageLocation");
        assert_eq!(storage[0]["dpv:hasLocation"], "loc:DE");
        assert_eq!(storage[1]["@type"], "dpv:StorageDuration");
        assert_eq!(
            r["dpv:hasDataProcessor"]["dpv:hasName"],
            "Meta Platforms Ireland Ltd."
        );
        assert_eq!(promo["dpv:hasRecipient"]["@id"], r["dpv:hasDataProcessor"]["@id"]);
        let controls = r["dpv:hasConsentControl"].as_array().unwrap();
        assert_eq!(controls[1]["@type"], "dpv:WithdrawConsent");
        assert!(controls[1]["dct:description"].as_str().unwrap().contains("STOPP"));
        // Notices: the exact checkbox text per purpose, its version, date and language.
        let notices = r["dpv:hasNotice"].as_array().unwrap();
        assert_eq!(notices[0]["@type"], "dpv:ConsentNotice");
        assert_eq!(notices[0]["dct:identifier"], PROMO_V);
        assert_eq!(notices[0]["dct:description"], PROMO_TEXT);
        assert_eq!(notices[0]["dct:date"], "2026-11-29");
        assert_eq!(notices[0]["dct:language"], "de");
        assert_eq!(promo["dpv:hasNotice"]["@id"], notices[0]["@id"]);
        assert_eq!(notices[2]["@type"], "dpv:PrivacyNotice");
        assert_eq!(notices[2]["@id"], "https://beispiel.de/datenschutz");
        // Current status per purpose.
        let status = r["dpv:hasConsentStatus"].as_array().unwrap();
        assert_eq!(
            status[0]["@type"],
            json!(["dpv:ConsentWithdrawn", "dpv:ExplicitlyExpressedConsent"])
        );
        assert_eq!(status[0]["dpv:isIndicatedAtTime"], "2026-12-01T10:00:00.000Z");
        assert_eq!(status[0]["dpv:isIndicatedBy"], "dpv:DataSubject");
        assert_eq!(
            status[1]["@type"],
            json!(["dpv:ConsentGiven", "dpv:ExplicitlyExpressedConsent"])
        );
        assert_eq!(status[1]["dpv:isIndicatedAtTime"], "2026-11-29T08:03:00.000Z");
        let how = status[1]["dpv:hasIndicationMethod"].as_str().unwrap();
        assert!(how.contains("checkbox") && how.contains("double opt-in"), "{how}");
        // History: every status change in order (2 requested, 2 given, 1 withdrawn).
        let hist = r["dct:provenance"].as_array().unwrap();
        let types: Vec<&Value> = hist.iter().map(|e| &e["@type"]).collect();
        assert_eq!(hist.len(), 5);
        assert_eq!(types[0], "dpv:ConsentRequested");
        assert_eq!(hist[0]["dpv:isIndicatedBy"], "dpv:DataController");
        assert_eq!(hist[4]["dct:identifier"], "seq:3");
        assert_eq!(hist[4]["dct:source"], h(4));
        assert_eq!(hist[4]["dpv:isIndicatedAtTime"], "2026-12-01T10:00:00.000Z");
        // Rights under the GDPR, including withdrawal (Art. 7(3)).
        assert!(r["dpv:hasRight"].to_string().contains("eu-gdpr:A7-3"));
    }

    #[test]
    fn iso_27560_record_outside_the_eu_uses_the_plain_profile() {
        let mut rec = sample();
        rec["jurisdiction"] = json!("GB");
        let r = consent_receipt(&rec);
        assert_eq!(
            r["dct:conformsTo"],
            "https://w3id.org/dpv/schema/dpv-27560#record"
        );
        assert_eq!(r["dpv:hasJurisdiction"], "loc:GB");
        assert!(r.get("dpv:hasApplicableLaw").is_none());
        assert_eq!(r["dpv:hasLegalBasis"], "dpv:ExplicitlyExpressedConsent");
    }

    #[test]
    fn kantara_receipt_has_exactly_the_required_fields() {
        let k = kantara_receipt(&sample());
        let keys: BTreeSet<&str> = k.as_object().unwrap().keys().map(String::as_str).collect();
        let want: BTreeSet<&str> = [
            "version",
            "jurisdiction",
            "consentTimestamp",
            "collectionMethod",
            "consentReceiptID",
            "language",
            "piiPrincipalId",
            "piiControllers",
            "policyUrl",
            "services",
            "sensitive",
            "spiCat",
        ]
        .into_iter()
        .collect();
        assert_eq!(keys, want);
        assert_eq!(k["version"], "KI-CR-v1.1.0");
        assert_eq!(k["jurisdiction"], "DE");
        // Seconds since 1970 of the confirmation, as an integer.
        assert!(k["consentTimestamp"].is_i64());
        assert_eq!(
            k["consentTimestamp"].as_i64(),
            Some(time::parse("2026-11-29T08:03:00Z").unwrap() / 1000)
        );
        assert!(k["collectionMethod"].as_str().unwrap().contains("double opt-in"));
        assert!(k["consentReceiptID"]
            .as_str()
            .unwrap()
            .starts_with("6f1c2a9e-0b7d-4c1e-9a53-2b8f0e4d7c11:"));
        assert_eq!(k["language"], "de");
        assert_eq!(
            k["piiPrincipalId"],
            "urn:whatsapp-consent:subject:6f1c2a9e-0b7d-4c1e-9a53-2b8f0e4d7c11"
        );
        let c = &k["piiControllers"][0];
        assert_eq!(c["piiController"], "Beispiel GmbH");
        assert_eq!(c["onBehalf"], false);
        assert_eq!(c["contact"], "datenschutz@beispiel.de");
        assert_eq!(c["email"], "datenschutz@beispiel.de");
        assert!(c["address"].is_object());
        assert_eq!(k["policyUrl"], "https://beispiel.de/datenschutz");
        assert_eq!(k["sensitive"], false);
        assert_eq!(k["spiCat"], json!([]));
        // Only the purpose whose consent is given: promo was withdrawn.
        let services = k["services"].as_array().unwrap();
        assert_eq!(services.len(), 1);
        assert_eq!(services[0]["service"], "WhatsApp messages");
        let ps = services[0]["purposes"].as_array().unwrap();
        assert_eq!(ps.len(), 1);
        assert!(ps[0]["purpose"].as_str().unwrap().contains("Order and delivery"));
        assert_eq!(ps[0]["consentType"], "EXPLICIT");
        assert!(ps[0]["purposeCategory"].is_array() && ps[0]["piiCategory"].is_array());
        assert_eq!(ps[0]["primaryPurpose"], true);
        assert_eq!(ps[0]["thirdPartyDisclosure"], true);
        assert_eq!(ps[0]["thirdPartyName"], "Meta Platforms Ireland Ltd.");
        assert!(ps[0]["termination"].as_str().unwrap().contains("STOPP"));
        assert!(!k.to_string().contains("15123456789"));
    }

    #[test]
    fn kantara_timestamp_falls_back_to_collection_and_lists_no_pending_purpose() {
        let mut rec = sample();
        rec["doi"]["usedAt"] = Value::Null;
        rec["events"].as_array_mut().unwrap().truncate(2);
        rec["purposes"]["promo"]["status"] = json!("ConsentRequested");
        rec["purposes"]["trans"]["status"] = json!("ConsentRequested");
        let k = kantara_receipt(&rec);
        assert_eq!(
            k["consentTimestamp"].as_i64(),
            Some(time::parse("2026-11-29T07:59:30Z").unwrap() / 1000)
        );
        assert_eq!(k["services"], json!([]));
        assert!(!k["collectionMethod"].as_str().unwrap().contains("double opt-in"));
    }

    #[test]
    fn print_in_german_proves_text_version_confirmation_and_every_event() {
        let rec = sample();
        let out = print_record(&rec, "de", &intact(5));
        assert!(
            out.starts_with("Einwilligungsnachweis (Art. 7 Abs. 1 DSGVO)\n"),
            "{out}"
        );
        for want in [
            PROMO_TEXT, TRANS_TEXT, PROMO_V, TRANS_V,
            "\"JA, gerne\"",
            "Bestätigende Nachricht",
            "+4915123456789", "Erika Mustermann", "erika@example.de",
            "Beispiel GmbH", "datenschutz@beispiel.de", "https://beispiel.de/datenschutz",
            "https://beispiel.de/whatsapp", "203.0.113.7", "Webformular (web_form)",
            "2026-11-29T07:59:30.000Z", "2026-11-29T08:03:00.000Z",
            "Einwilligung widerrufen seit 2026-12-01T10:00:00.000Z",
            "Einwilligung erteilt seit 2026-11-29T08:03:00.000Z",
            "\"Bitte nur noch Infos zu meinen Bestellungen\"",
            "\"Welche Daten haben Sie über mich gespeichert?\"",
            "Auskunft (Art. 15 DSGVO), eingegangen 2026-12-02T09:00:00.000Z, zu beantworten bis 2027-01-02T09:00:00.000Z",
            &h(0xd0),
            "unversehrt: 5 Ereignisse, jeder Hash geprüft",
            &h(5),
        ] {
            assert!(out.contains(want), "missing {want:?} in\n{out}");
        }
        for id in ["wamid.DOI1", "wamid.CONF1", "wamid.PREF1", "wamid.ACC1"] {
            assert!(out.contains(id), "{id}");
        }
        // Every event, in order.
        let pos: Vec<usize> = (0..5)
            .map(|i| {
                out.find(&format!("\n  #{i}  "))
                    .unwrap_or_else(|| panic!("#{i} in\n{out}"))
            })
            .collect();
        assert!(pos.windows(2).all(|w| w[0] < w[1]));
        assert!(out.contains("#2  2026-11-29T08:03:00.000Z  Einwilligung bestätigt (Double-Opt-in)"));
        assert!(!out.contains("VERLETZT"));
    }

    #[test]
    fn print_says_when_the_chain_is_broken() {
        let v = Verification {
            valid: false,
            problems: vec![Problem {
                seq: Some(2),
                code: "HASH_MISMATCH",
                message: "event 2 (confirmed) was changed after it was recorded".into(),
            }],
            events: 5,
            head: Some(h(5)),
        };
        let de = print_record(&sample(), "de", &v);
        assert!(
            de.contains("VERLETZT: Der Nachweis wurde verändert oder ist unvollständig"),
            "{de}"
        );
        assert!(de.contains("#2 HASH_MISMATCH: event 2 (confirmed) was changed"));
        assert!(!de.contains("unversehrt"));
        let en = print_record(&sample(), "en", &v);
        assert!(en.contains("BROKEN: the record was changed or is incomplete"));
        // A language without [ui] strings prints in English.
        assert_eq!(print_record(&sample(), "xx", &v), en);
    }

    #[test]
    fn odd_shapes_do_not_panic() {
        let v = intact(0);
        for rec in [
            json!(null),
            json!({}),
            json!([]),
            json!("x"),
            json!({ "events": [1, null, {"type": 3}], "purposes": [] }),
            json!({ "purposes": { "promo": 7 }, "events": [{ "data": { "purposes": { "promo": "?" } }, "changes": { "promo": 1 } }], "doi": 1, "requests": [{}] }),
        ] {
            let _ = consent_receipt(&rec);
            let k = kantara_receipt(&rec);
            assert_eq!(k["consentTimestamp"], 0);
            assert!(print_record(&rec, "de", &v).contains("—"));
            let (j, t) = access_report(&rec, "en", 0);
            assert!(j.get("data_copy").is_some() && !t.is_empty());
        }
    }

    const ART15_KEYS: [&str; 11] = [
        "purposes",
        "data_categories",
        "recipients",
        "retention",
        "rights",
        "complaint_authority",
        "source",
        "automated_decisions",
        "transfers_safeguards",
        "data_copy",
        "consent_records",
    ];

    #[test]
    fn access_report_has_every_art_15_key_and_a_full_copy() {
        let now = time::parse("2026-12-03T12:00:00Z").unwrap();
        let (j, text) = access_report(&sample(), "de", now);
        for k in ART15_KEYS {
            assert!(j.get(k).is_some_and(|v| !v.is_null()), "{k}");
        }
        assert_eq!(j["generated_at"], "2026-12-03T12:00:00.000Z");
        assert_eq!(j["request_due_by"], "2027-01-02T09:00:00.000Z");
        assert_eq!(j["automated_decisions"], "none");
        assert_eq!(j["recipients"][0]["name"], "Meta Platforms Ireland Ltd.");
        assert!(j["transfers_safeguards"]["description"]
            .as_str()
            .unwrap()
            .contains("Data Privacy Framework"));
        assert!(j["rights"].as_str().unwrap().contains("datenschutz@beispiel.de"));
        assert_eq!(j["source"], "Bei Ihnen erhoben: Webformular, am 2026-11-29.");
        assert_eq!(j["purposes"][1]["status"], "ConsentGiven");
        let cats: Vec<&str> = j["data_categories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["category"].as_str().unwrap())
            .collect();
        for c in [
            "pd:TelephoneNumber",
            "pd:Name",
            "pd:EmailAddress",
            "pd:Communication",
            "pd:IPAddress",
            "pd:CommunicationsMetadata",
        ] {
            assert!(cats.contains(&c), "{c}");
        }
        // The copy holds every personal datum: contact data and each message with its time.
        let copy = &j["data_copy"];
        assert_eq!(copy["phone"], "+4915123456789");
        assert_eq!(copy["email"], "erika@example.de");
        let msgs = copy["messages"].as_array().unwrap();
        assert_eq!(msgs.len(), 3);
        assert_eq!(
            msgs[0],
            json!({ "at": "2026-11-29T08:03:00.000Z", "messageId": "wamid.CONF1", "channel": "whatsapp", "text": "JA, gerne" })
        );
        let other = copy["other"].to_string();
        assert!(other.contains("203.0.113.7") && other.contains("Mozilla/5.0 (Android 14)"));
        assert_eq!(j["consent_records"][0]["purposes"][0]["text"], PROMO_TEXT);
        assert_eq!(j["consent_records"][0]["events"].as_array().unwrap().len(), 5);
        for want in [
            "Auskunft über Ihre personenbezogenen Daten (Art. 15 DSGVO)",
            "Zu beantworten bis",
            "(a) Zwecke der Verarbeitung",
            "(b) Kategorien personenbezogener Daten",
            "(c) Empfänger",
            "(d) Speicherdauer",
            "(e) Ihre Rechte",
            "(f) Beschwerderecht",
            "(g) Herkunft der Daten",
            "(h) Automatisierte Entscheidungsfindung",
            "Übermittlung in Drittländer",
            "Kopie Ihrer Daten",
            "+4915123456789",
            "\"Welche Daten haben Sie über mich gespeichert?\"",
            "203.0.113.7",
            PROMO_TEXT,
        ] {
            assert!(text.contains(want), "missing {want:?} in\n{text}");
        }
    }

    #[test]
    fn access_report_without_an_open_request_has_no_due_date() {
        let mut rec = sample();
        rec["requests"] = json!([]);
        let (j, text) = access_report(&rec, "en", 0);
        assert!(j.get("request_due_by").is_none());
        assert!(!text.contains("Answer due by"));
        assert!(text.contains("(h) Automated decision-making, including profiling"));
    }

    #[test]
    fn engine_records_export_and_an_erased_one_shows_no_number() {
        let mut rec = engine_record();
        let v = rec.to_value();
        let ver = record::verify(&v, None);
        assert!(ver.valid, "{:?}", ver.problems);
        let printed = print_record(&v, "de", &ver);
        assert!(
            printed.contains(PROMO_TEXT) && printed.contains("wamid.CONF1") && printed.contains("\"JA\""),
            "{printed}"
        );
        assert!(printed.contains(&format!("unversehrt: {} Ereignisse", ver.events)));
        let r = consent_receipt(&v);
        assert_eq!(r["dpv:hasConsentStatus"][0]["@type"][0], "dpv:ConsentGiven");
        assert_eq!(r["dpv:hasConsentStatus"][1]["@type"], "dpv:ConsentRefused");
        assert_eq!(
            kantara_receipt(&v)["services"][0]["purposes"]
                .as_array()
                .unwrap()
                .len(),
            1
        );

        // Before erasure the report carries the number (so the check below can fail).
        assert!(access_report(&v, "de", 0).1.contains("+4915123456789"));
        let erased_at = time::parse("2027-01-10T00:00:00Z").unwrap();
        crate::consent::erase::erase(&mut rec, b"a-secret-of-at-least-16-bytes", erased_at).unwrap();
        let v = rec.to_value();
        let ver = record::verify(&v, None);
        assert!(ver.valid, "{:?}", ver.problems);
        let (j, text) = access_report(&v, "de", erased_at + 1000);
        for k in ART15_KEYS {
            assert!(j.get(k).is_some_and(|v| !v.is_null()), "{k}");
        }
        let all = format!(
            "{j}\n{text}\n{}\n{}\n{}",
            print_record(&v, "de", &ver),
            consent_receipt(&v),
            kantara_receipt(&v)
        );
        for gone in ["4915123456789", "15123456789", "Erika", "\"JA\""] {
            assert!(!all.contains(gone), "{gone} still in\n{all}");
        }
        assert!(j["data_copy"]["phone"].is_null() && j["data_copy"]["messages"] == json!([]));
        assert!(
            text.contains("Personenbezogene Daten am 2027-01-10T00:00:00.000Z gelöscht"),
            "{text}"
        );
        // The proof stays: the text shown and its version.
        assert!(text.contains(PROMO_TEXT));
        let printed = print_record(&v, "de", &ver);
        assert!(printed.contains("[gelöscht]"), "{printed}");
        assert!(printed.contains("Personenbezogene Daten am 2027-01-10T00:00:00.000Z gelöscht"));
    }

    #[test]
    fn every_label_used_here_is_in_en_toml() {
        // `label` answers "" for a key en.toml lacks: find every key this file asks for.
        let src = include_str!("export.rs");
        let code = &src[..src.find("#[cfg(test)]").unwrap()];
        let mut keys: Vec<String> = Vec::new();
        for pat in ["l(\"", "label(lang, \""] {
            for (at, _) in code.match_indices(pat) {
                let rest = &code[at + pat.len()..];
                keys.push(rest[..rest.find('"').unwrap()].to_string());
            }
        }
        for (m, _) in crate::consent::Method::ALL {
            keys.push(format!("method_{m}"));
        }
        for t in [
            "requested",
            "invited",
            "inbound",
            "confirmed",
            "confirm_rejected",
            "declined",
            "opted_out",
            "preferences",
            "reopened",
            "marketing_preference",
            "access_requested",
            "erasure_requested",
            "expired",
            "sent",
            "delivery",
            "erased",
        ] {
            keys.push(format!("event_{t}"));
        }
        for st in [
            "ConsentRequested",
            "ConsentGiven",
            "ConsentRefused",
            "ConsentWithdrawn",
            "ConsentExpired",
        ] {
            assert_ne!(status_label("en", st), st);
        }
        keys.extend(
            [
                "yes",
                "no",
                "other_number",
                "meta_stopped",
                "meta_resumed",
                "request_access",
                "request_erasure",
            ]
            .map(String::from),
        );
        assert!(keys.len() > 80, "{}", keys.len());
        for k in &keys {
            assert!(!label("en", k).is_empty(), "en.toml has no ui key {k:?}");
            assert!(!label("de", k).is_empty(), "de.toml has no ui key {k:?}");
        }
    }
}
