//! Python binding for govuk-notify (being built).
