//! The file-upload helper (spec §6.3, §10): turns file bytes into the personalisation object that
//! sends a file by email.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use serde::{Deserialize, Serialize};

use crate::error::Error;

/// The largest file Notify accepts, in raw bytes (2 MiB). Exactly this size is allowed.
pub const MAX_UPLOAD_BYTES: usize = 2 * 1024 * 1024;

/// Options for [`prepare_upload`]. Unset options are sent as `null` and Notify applies its
/// defaults (a generated file name, confirmation on, 26 weeks).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UploadOptions {
    /// The name the recipient sees, with an extension (e.g. `report.csv`).
    #[serde(default)]
    pub filename: Option<String>,
    /// Whether the recipient must enter their email address before downloading.
    #[serde(default)]
    pub confirm_email_before_download: Option<bool>,
    /// How long the file is available, e.g. `"4 weeks"` (1 to 78 weeks).
    #[serde(default)]
    pub retention_period: Option<String>,
}

/// A file ready to put in personalisation: `{"file", "filename", "confirm_email_before_download",
/// "retention_period"}` with explicit nulls, exactly as the official clients produce it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileUpload {
    /// The file, base64-encoded.
    pub file: String,
    /// See [`UploadOptions::filename`].
    pub filename: Option<String>,
    /// See [`UploadOptions::confirm_email_before_download`].
    pub confirm_email_before_download: Option<bool>,
    /// See [`UploadOptions::retention_period`].
    pub retention_period: Option<String>,
}

impl std::fmt::Debug for FileUpload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileUpload")
            .field("file", &format_args!("<{} base64 chars>", self.file.len()))
            .field("filename", &self.filename)
            .field(
                "confirm_email_before_download",
                &self.confirm_email_before_download,
            )
            .field("retention_period", &self.retention_period)
            .finish()
    }
}

impl FileUpload {
    /// As a JSON value, to insert into [`Personalisation`](crate::Personalisation).
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::json!({
            "file": self.file,
            "filename": self.filename,
            "confirm_email_before_download": self.confirm_email_before_download,
            "retention_period": self.retention_period,
        })
    }
}

impl From<FileUpload> for serde_json::Value {
    fn from(f: FileUpload) -> Self {
        f.to_value()
    }
}

/// Prepares `data` to be sent by email. The option values are passed through; Notify validates
/// them (as every official client does).
///
/// # Errors
/// An argument error naming `f` with the message "File is larger than 2MB" when `data` is over
/// [`MAX_UPLOAD_BYTES`] ([`Error::is_too_large`] is then true).
pub fn prepare_upload(data: &[u8], options: UploadOptions) -> Result<FileUpload, Error> {
    if data.len() > MAX_UPLOAD_BYTES {
        return Err(Error::argument("f", "File is larger than 2MB")
            .with_plain_message("File is larger than 2MB")
            .too_large());
    }
    Ok(FileUpload {
        file: BASE64.encode(data),
        filename: options.filename,
        confirm_email_before_download: options.confirm_email_before_download,
        retention_period: options.retention_period,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_two_mib_is_allowed_one_more_byte_is_not() {
        let ok = prepare_upload(&vec![b'a'; MAX_UPLOAD_BYTES], UploadOptions::default()).unwrap();
        assert_eq!(BASE64.decode(&ok.file).unwrap().len(), MAX_UPLOAD_BYTES);
        let err = prepare_upload(&vec![b'a'; MAX_UPLOAD_BYTES + 1], UploadOptions::default())
            .unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Argument);
        assert_eq!(err.to_string(), "File is larger than 2MB");
        assert!(err.is_too_large());
    }

    #[test]
    fn output_has_all_four_keys_with_nulls() {
        let v = prepare_upload(b"name,score\n", UploadOptions::default())
            .unwrap()
            .to_value();
        assert_eq!(
            v,
            serde_json::json!({"file": "bmFtZSxzY29yZQo=", "filename": null,
                "confirm_email_before_download": null, "retention_period": null})
        );
        let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
        assert_eq!(
            keys,
            [
                "file",
                "filename",
                "confirm_email_before_download",
                "retention_period"
            ]
        );
    }

    #[test]
    fn options_pass_through_unvalidated() {
        let v = prepare_upload(
            b"{\"a\": 1}",
            UploadOptions {
                filename: Some("data.json".into()),
                confirm_email_before_download: Some(false),
                retention_period: Some("bad string".into()),
            },
        )
        .unwrap();
        assert_eq!(v.file, "eyJhIjogMX0=");
        assert_eq!(v.retention_period.as_deref(), Some("bad string"));
        assert_eq!(v.confirm_email_before_download, Some(false));
    }
}
