//! The official client's method arguments → core operations → [`HttpRequest`]. Only type
//! conversion happens here; every rule (what is unset, what is refused, how the body and query are
//! spelled) is the core's, reached through its one dispatcher (`Op::to_http`).

use govuk_notify::requests::{
    GetAllTemplateVersions, GetNotification, GetPdfForLetter, GetTemplate, GetTemplateVersion,
    ListNotifications, ListReceivedTexts, ListTemplates, Op, PreviewTemplate, SendEmail,
    SendLetter, SendPrecompiledLetter, SendSms,
};
use govuk_notify::{Error, HttpRequest, Personalisation};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyInt, PyString};

use crate::convert;
use crate::errors::to_pyerr;

fn http(py: Python<'_>, op: impl Into<Op>) -> PyResult<HttpRequest> {
    op.into().to_http().map_err(|e| to_pyerr(py, &e))
}

/// Personalisation: a dict (or any mapping). `None` and `{}` are unset, as in the official client.
fn personalisation(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Personalisation>> {
    let Some(obj) = obj else { return Ok(None) };
    if obj.is_none() {
        return Ok(None);
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        return convert::dict_to_json(d, 0).map(Some);
    }
    match convert::to_json(obj)? {
        serde_json::Value::Object(m) => Ok(Some(m)),
        _ => Err(PyTypeError::new_err("personalisation must be a dict")),
    }
}

/// Required string fields: `None` becomes "" so the core reports the missing field by name.
fn required(obj: Option<String>) -> String {
    obj.unwrap_or_default()
}

pub(crate) fn send_sms(
    py: Python<'_>,
    phone_number: Option<String>,
    template_id: Option<String>,
    personalisation_: Option<&Bound<'_, PyAny>>,
    reference: Option<String>,
    sms_sender_id: Option<String>,
) -> PyResult<HttpRequest> {
    let op = SendSms {
        phone_number: required(phone_number),
        template_id: required(template_id),
        personalisation: personalisation(personalisation_)?,
        reference,
        sms_sender_id,
    };
    http(py, op)
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn send_email(
    py: Python<'_>,
    email_address: Option<String>,
    template_id: Option<String>,
    personalisation_: Option<&Bound<'_, PyAny>>,
    reference: Option<String>,
    email_reply_to_id: Option<String>,
    one_click_unsubscribe_url: Option<String>,
    sanitise_content_for: Option<&Bound<'_, PyAny>>,
) -> PyResult<HttpRequest> {
    let sanitise = convert::str_list(sanitise_content_for)?;
    let op = SendEmail {
        email_address: required(email_address),
        template_id: required(template_id),
        personalisation: personalisation(personalisation_)?,
        reference,
        email_reply_to_id,
        one_click_unsubscribe_url,
        sanitise_content_for: (!sanitise.is_empty()).then_some(sanitise),
    };
    http(py, op)
}

pub(crate) fn send_letter(
    py: Python<'_>,
    template_id: Option<String>,
    personalisation_: Option<&Bound<'_, PyAny>>,
    reference: Option<String>,
) -> PyResult<HttpRequest> {
    let op = SendLetter {
        template_id: required(template_id),
        personalisation: personalisation(personalisation_)?.unwrap_or_default(),
        reference,
    };
    http(py, op)
}

pub(crate) fn send_precompiled_letter(
    py: Python<'_>,
    reference: Option<String>,
    pdf_file: &Bound<'_, PyAny>,
    postage: Option<String>,
) -> PyResult<HttpRequest> {
    let op = SendPrecompiledLetter {
        reference: required(reference),
        pdf: convert::read_bytes(pdf_file)?,
        postage,
    };
    http(py, op)
}

pub(crate) fn get_notification(py: Python<'_>, id: &Bound<'_, PyAny>) -> PyResult<HttpRequest> {
    http(
        py,
        GetNotification {
            notification_id: convert::path_arg(id)?,
        },
    )
}

pub(crate) fn get_pdf(py: Python<'_>, id: &Bound<'_, PyAny>) -> PyResult<HttpRequest> {
    http(
        py,
        GetPdfForLetter {
            notification_id: convert::path_arg(id)?,
        },
    )
}

/// The list filter shared by `get_all_notifications` and its iterator. `include_jobs` is sent
/// when truthy, like the official client.
pub(crate) fn list_filter(
    status: Option<&Bound<'_, PyAny>>,
    template_type: Option<&Bound<'_, PyAny>>,
    reference: Option<&Bound<'_, PyAny>>,
    older_than: Option<&Bound<'_, PyAny>>,
    include_jobs: Option<&Bound<'_, PyAny>>,
) -> PyResult<ListNotifications> {
    let include_jobs = match include_jobs {
        Some(v) if v.is_truthy()? => Some(true),
        _ => None,
    };
    Ok(ListNotifications {
        template_type: convert::opt_path_arg(template_type)?,
        status: convert::str_list(status)?,
        reference: convert::opt_path_arg(reference)?,
        older_than: convert::opt_path_arg(older_than)?,
        include_jobs,
    })
}

pub(crate) fn list_notifications(
    py: Python<'_>,
    filter: &ListNotifications,
) -> PyResult<HttpRequest> {
    http(py, filter.clone())
}

pub(crate) fn list_received_texts(
    py: Python<'_>,
    older_than: Option<String>,
) -> PyResult<HttpRequest> {
    http(py, ListReceivedTexts { older_than })
}

pub(crate) fn get_template(
    py: Python<'_>,
    template_id: &Bound<'_, PyAny>,
) -> PyResult<HttpRequest> {
    http(
        py,
        GetTemplate {
            template_id: convert::path_arg(template_id)?,
        },
    )
}

pub(crate) fn get_all_template_versions(
    py: Python<'_>,
    service_id: &str,
    template_id: &Bound<'_, PyAny>,
) -> PyResult<HttpRequest> {
    http(
        py,
        GetAllTemplateVersions {
            service_id: service_id.to_owned(),
            template_id: convert::path_arg(template_id)?,
        },
    )
}

/// `version` is an int or a string of digits (the official client formats it into the URL).
pub(crate) fn get_template_version(
    py: Python<'_>,
    template_id: &Bound<'_, PyAny>,
    version: &Bound<'_, PyAny>,
) -> PyResult<HttpRequest> {
    let parsed = if version.cast::<PyInt>().is_ok() {
        version.extract::<u32>().ok()
    } else if let Ok(s) = version.cast::<PyString>() {
        s.to_cow()?.trim().parse::<u32>().ok()
    } else {
        None
    };
    let Some(version) = parsed else {
        return Err(to_pyerr(
            py,
            &Error::argument("version", "must be a whole number from 1"),
        ));
    };
    http(
        py,
        GetTemplateVersion {
            template_id: convert::path_arg(template_id)?,
            version,
        },
    )
}

pub(crate) fn list_templates(
    py: Python<'_>,
    template_type: Option<&Bound<'_, PyAny>>,
) -> PyResult<HttpRequest> {
    http(
        py,
        ListTemplates {
            template_type: convert::opt_path_arg(template_type)?,
        },
    )
}

pub(crate) fn preview_template(
    py: Python<'_>,
    template_id: &Bound<'_, PyAny>,
    personalisation_: Option<&Bound<'_, PyAny>>,
) -> PyResult<HttpRequest> {
    http(
        py,
        PreviewTemplate {
            template_id: convert::path_arg(template_id)?,
            personalisation: personalisation(personalisation_)?,
        },
    )
}
