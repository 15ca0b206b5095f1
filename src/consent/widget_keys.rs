//! The widget's strings in the order `widgetTexts` lists them (js/index.d.ts). One list for the
//! crate and for build.rs, which refuses an en.toml without them.

pub const WIDGET_KEYS: [&str; 9] = [
    "phone_label",
    "country_label",
    "name_label",
    "submit",
    "invalid_phone",
    "not_mobile",
    "choose_one",
    "thanks",
    "required",
];
