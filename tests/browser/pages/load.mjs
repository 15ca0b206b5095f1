import '../../../pkg/widget.mjs';
