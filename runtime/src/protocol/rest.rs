//! PLACEHOLDER: shared REST bindings (uri labels, query strings, headers).
