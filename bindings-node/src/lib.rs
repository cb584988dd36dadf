//! Node binding for govuk-notify (being built).
