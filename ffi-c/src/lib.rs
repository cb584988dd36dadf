//! C ABI for govuk-notify (being built).
