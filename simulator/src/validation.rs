//! Request validation with Notify's wording.
//!
//! Schema checks mirror the server's JSON schemas (Draft 7, every violation
//! reported, deduplicated, property name prefixed, quotes stripped).
//! Recipient, address, file and sanitisation rules follow notifications-utils
//! and document-download-api closely enough that client mistakes are caught
//! with the same messages.

use base64::Engine as _;
use uuid::Uuid;

use crate::json::{py_str_repr, Json};

/// Parses a UUID leniently, like Python's `uuid.UUID(str)`: optional `urn:`
/// / `uuid:` prefixes, braces, hyphens anywhere, any case.
pub fn parse_uuid(s: &str) -> Option<Uuid> {
    let s = s.replace("urn:", "").replace("uuid:", "");
    let s = s.trim_matches(|c| c == '{' || c == '}');
    let hex: String = s.chars().filter(|c| *c != '-').collect();
    if hex.len() != 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    Uuid::parse_str(&hex).ok()
}

/// Accumulates schema violations: deduplicated, in order, quotes stripped.
#[derive(Debug, Default, Clone)]
pub struct SchemaErrors(Vec<String>);

impl SchemaErrors {
    /// Adds a message formatted from a schema error (single quotes removed).
    pub fn push(&mut self, message: impl Into<String>) {
        let message = message.into().replace('\'', "");
        if !self.0.contains(&message) {
            self.0.push(message);
        }
    }

    /// True when nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The messages.
    pub fn into_messages(self) -> Vec<String> {
        self.0
    }
}

/// Key/value pairs of a JSON object.
pub type Entries = Vec<(String, Json)>;

fn lookup<'a>(obj: &'a [(String, Json)], key: &str) -> Option<&'a Json> {
    obj.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

fn type_error(errors: &mut SchemaErrors, name: &str, value: &Json, types: &str) {
    errors.push(format!("{name} {} is not of type {types}", value.py_repr()));
}

/// `{"type": "string", "maxLength": max}`.
fn check_string<'a>(
    errors: &mut SchemaErrors,
    name: &str,
    value: &'a Json,
    max_len: Option<usize>,
) -> Option<&'a str> {
    match value {
        Json::String(s) => {
            if let Some(max) = max_len {
                if s.chars().count() > max {
                    errors.push(format!("{name} {} is too long", value.py_repr()));
                    return None;
                }
            }
            Some(s)
        }
        other => {
            type_error(errors, name, other, "string");
            None
        }
    }
}

/// The `uuid` definition: any failure is `<name> is not a valid UUID`.
fn check_uuid(errors: &mut SchemaErrors, name: &str, value: &Json) -> Option<Uuid> {
    match value.as_str().and_then(parse_uuid) {
        Some(id) => Some(id),
        None => {
            errors.push(format!("{name} is not a valid UUID"));
            None
        }
    }
}

fn check_object<'a>(
    errors: &mut SchemaErrors,
    name: &str,
    value: &'a Json,
) -> Option<&'a [(String, Json)]> {
    match value {
        Json::Object(entries) => Some(entries),
        other => {
            type_error(errors, name, other, "object");
            None
        }
    }
}

fn check_required(errors: &mut SchemaErrors, obj: &[(String, Json)], required: &[&str]) {
    for name in required {
        if lookup(obj, name).is_none() {
            errors.push(format!("'{name}' is a required property"));
        }
    }
}

fn check_additional(errors: &mut SchemaErrors, obj: &[(String, Json)], allowed: &[&str]) {
    let extras: Vec<String> = obj
        .iter()
        .filter(|(k, _)| !allowed.contains(&k.as_str()))
        .map(|(k, _)| py_str_repr(k))
        .collect();
    if !extras.is_empty() {
        let verb = if extras.len() == 1 { "was" } else { "were" };
        errors.push(format!(
            "Additional properties are not allowed ({} {verb} unexpected)",
            extras.join(", ")
        ));
    }
}

/// Top-level `{"type": "object"}`; a JSON `null` body counts as `{}`.
fn top_object<'a>(errors: &mut SchemaErrors, body: &'a Json) -> Option<&'a [(String, Json)]> {
    match body {
        Json::Object(entries) => Some(entries),
        Json::Null => Some(&[]),
        other => {
            errors.push(format!("{} is not of type object", other.py_repr()));
            None
        }
    }
}

/// `scheduled_for`: string or null, ISO 8601, within the next 24 hours.
fn check_scheduled_for(errors: &mut SchemaErrors, value: &Json, now_micros: i64) {
    match value {
        Json::Null => {}
        Json::String(s) => match crate::clock::parse_iso8601(s) {
            None => errors.push(
                "scheduled_for datetime format is invalid. It must be a valid ISO8601 date time format, https://en.wikipedia.org/wiki/ISO_8601",
            ),
            Some(t) if t < now_micros - 60 * crate::clock::MICROS_PER_SEC => {
                errors.push("scheduled_for datetime can not be in the past")
            }
            Some(t) if t > now_micros + 24 * 3600 * crate::clock::MICROS_PER_SEC => {
                errors.push("scheduled_for datetime can only be 24 hours in the future")
            }
            Some(_) => {}
        },
        other => type_error(errors, "scheduled_for", other, "string, null"),
    }
}

// ---------------------------------------------------------------------------
// Phone numbers

/// A validated phone number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneNumber {
    /// E.164 digits without `+`, e.g. `447700900123`.
    pub digits: String,
    /// True for non-UK numbers.
    pub international: bool,
}

impl PhoneNumber {
    /// `+` followed by the digits.
    pub fn e164(&self) -> String {
        format!("+{}", self.digits)
    }
}

const COUNTRY_CODES: &[&str] = &[
    "1", "7", "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45",
    "46", "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
    "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98", "211",
    "212", "213", "216", "218", "220", "221", "222", "223", "224", "225", "226", "227", "228",
    "229", "230", "231", "232", "233", "234", "235", "236", "237", "238", "239", "240", "241",
    "242", "243", "244", "245", "246", "248", "249", "250", "251", "252", "253", "254", "255",
    "256", "257", "258", "260", "261", "262", "263", "264", "265", "266", "267", "268", "269",
    "290", "291", "297", "298", "299", "350", "351", "352", "353", "354", "355", "356", "357",
    "358", "359", "370", "371", "372", "373", "374", "375", "376", "377", "378", "380", "381",
    "382", "383", "385", "386", "387", "389", "420", "421", "423", "500", "501", "502", "503",
    "504", "505", "506", "507", "508", "509", "590", "591", "592", "593", "594", "595", "596",
    "597", "598", "599", "670", "672", "673", "674", "675", "676", "677", "678", "679", "680",
    "681", "682", "683", "685", "686", "687", "688", "689", "690", "691", "692", "850", "852",
    "853", "855", "856", "880", "886", "960", "961", "962", "963", "964", "965", "966", "967",
    "968", "970", "971", "972", "973", "974", "975", "976", "977", "992", "993", "994", "995",
    "996", "998",
];

const OBSCURE_WHITESPACE: &[char] = &[
    '\u{180E}', '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{00A0}', '\u{FEFF}',
];

/// Validates a phone number (UK mobiles, and international numbers when
/// `international` is allowed at this stage). Errors use the v2 API wording.
pub fn validate_phone_number(raw: &str) -> Result<PhoneNumber, &'static str> {
    let cleaned: String = raw
        .chars()
        .filter(|c| {
            !(c.is_whitespace()
                || OBSCURE_WHITESPACE.contains(c)
                || matches!(c, '(' | ')' | '-' | '+'))
        })
        .collect();
    if !cleaned.chars().all(|c| c.is_ascii_digit()) {
        return Err("Must not contain letters or symbols");
    }
    let trimmed = raw.trim_start_matches(|c: char| c.is_whitespace() || c == '(');
    let looks_uk = (trimmed.starts_with('0') && !trimmed.starts_with("00"))
        || cleaned.starts_with("44")
        || cleaned.starts_with("0044");
    if looks_uk {
        let national = cleaned
            .strip_prefix("0044")
            .or_else(|| cleaned.strip_prefix("44"))
            .unwrap_or(&cleaned)
            .trim_start_matches('0');
        if !national.starts_with('7') {
            return Err("Not a UK mobile number");
        }
        if national.len() > 10 {
            return Err("Too many digits");
        }
        if national.len() < 10 {
            return Err("Not enough digits");
        }
        return Ok(PhoneNumber {
            digits: format!("44{national}"),
            international: false,
        });
    }
    let digits = cleaned.trim_start_matches('0');
    if digits.len() < 8 {
        return Err("Not enough digits");
    }
    if digits.len() > 15 {
        return Err("Too many digits");
    }
    if !(1..=3).any(|n| digits.get(..n).is_some_and(|p| COUNTRY_CODES.contains(&p))) {
        return Err("Not a valid country prefix");
    }
    Ok(PhoneNumber {
        digits: digits.to_owned(),
        international: true,
    })
}

// ---------------------------------------------------------------------------
// Email addresses

fn hostname_part_ok(part: &str) -> bool {
    // ^(xn|[a-z0-9]+)(-?-[a-z0-9]+)*$ (case-insensitive); non-ASCII labels are
    // accepted when alphanumeric (they would be IDNA-encoded).
    if !part.is_ascii() {
        return part.chars().all(|c| c.is_alphanumeric() || c == '-')
            && !part.starts_with('-')
            && !part.ends_with('-');
    }
    let lower = part.to_ascii_lowercase();
    if !lower
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        return false;
    }
    if lower.starts_with('-') || lower.ends_with('-') || lower.contains("---") {
        return false;
    }
    // "--" is only allowed as in the pattern's (-?-[a-z0-9]+) groups, which
    // any alphanumeric-separated run of one or two hyphens satisfies.
    true
}

fn tld_ok(tld: &str) -> bool {
    let lower = tld.to_ascii_lowercase();
    if (2..=63).contains(&lower.len()) && lower.bytes().all(|b| b.is_ascii_lowercase()) {
        return true;
    }
    if let Some(rest) = lower.strip_prefix("xn--") {
        return !rest.is_empty()
            && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !rest.ends_with('-');
    }
    !tld.is_ascii() && tld.chars().all(char::is_alphanumeric) && tld.chars().count() >= 2
}

/// Validates an email address like notifications-utils (strict local part,
/// hostname labels and TLD checked). Returns the trimmed address.
pub fn validate_email_address(raw: &str) -> Option<String> {
    let email: String = raw
        .trim()
        .chars()
        .filter(|c| !OBSCURE_WHITESPACE.contains(c))
        .collect();
    let (local, host) = email.rsplit_once('@')?;
    const LOCAL_EXTRA: &str = ".!#$%&'*+/=?^_`{|}~-";
    if local.is_empty()
        || !local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || LOCAL_EXTRA.contains(c))
    {
        return None;
    }
    if host.is_empty()
        || host.starts_with('.')
        || host.contains('@')
        || host.chars().any(char::is_whitespace)
        || host.chars().count() < 2
    {
        return None;
    }
    if email.chars().count() > 320 || email.contains("..") {
        return None;
    }
    let parts: Vec<&str> = host.split('.').collect();
    if host.len() > 253 || parts.len() < 2 {
        return None;
    }
    if parts
        .iter()
        .any(|p| p.is_empty() || p.len() > 63 || !hostname_part_ok(p))
    {
        return None;
    }
    if !parts.last().is_some_and(|t| tld_ok(t)) {
        return None;
    }
    Some(email)
}

// ---------------------------------------------------------------------------
// https URLs

fn is_https_url(s: &str) -> bool {
    if !s.starts_with("https") || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    match url::Url::parse(s) {
        Ok(u) => !u.scheme().is_empty(),
        Err(_) => false,
    }
}

// ---------------------------------------------------------------------------
// Send request schemas

/// A validated `POST /v2/notifications/sms` body.
#[derive(Debug, Clone)]
pub struct SmsRequest {
    /// The phone number as sent.
    pub phone_number: String,
    /// Parsed phone number.
    pub phone: PhoneNumber,
    /// Template id.
    pub template_id: Uuid,
    /// Personalisation entries.
    pub personalisation: Entries,
    /// Client reference.
    pub reference: Option<String>,
    /// `sms_sender_id` as sent, and parsed.
    pub sms_sender_id: Option<(String, Uuid)>,
}

/// A validated `POST /v2/notifications/email` body.
#[derive(Debug, Clone)]
pub struct EmailRequest {
    /// The address as sent.
    pub email_address: String,
    /// Template id.
    pub template_id: Uuid,
    /// Personalisation entries.
    pub personalisation: Entries,
    /// Client reference.
    pub reference: Option<String>,
    /// `email_reply_to_id` as sent, and parsed.
    pub email_reply_to_id: Option<(String, Uuid)>,
    /// One-click unsubscribe URL.
    pub one_click_unsubscribe_url: Option<String>,
    /// Personalisation keys to sanitise.
    pub sanitise_content_for: Vec<Json>,
}

/// A validated templated letter body.
#[derive(Debug, Clone)]
pub struct LetterRequest {
    /// Template id.
    pub template_id: Uuid,
    /// Personalisation entries (including the address).
    pub personalisation: Entries,
    /// Client reference.
    pub reference: Option<String>,
}

/// A validated precompiled letter body.
#[derive(Debug, Clone)]
pub struct PrecompiledRequest {
    /// Client reference (required).
    pub reference: String,
    /// Base64 PDF content as sent.
    pub content: String,
    /// Postage if given.
    pub postage: Option<String>,
}

fn personalisation_field(errors: &mut SchemaErrors, obj: &[(String, Json)]) -> Entries {
    match lookup(obj, "personalisation") {
        Some(v) => check_object(errors, "personalisation", v)
            .map(<[_]>::to_vec)
            .unwrap_or_default(),
        None => Vec::new(),
    }
}

fn reference_field(errors: &mut SchemaErrors, obj: &[(String, Json)]) -> Option<String> {
    lookup(obj, "reference")
        .and_then(|v| check_string(errors, "reference", v, Some(1000)))
        .map(str::to_owned)
}

/// Validates an SMS request body.
pub fn validate_sms(body: &Json, now_micros: i64) -> Result<SmsRequest, Vec<String>> {
    let mut errors = SchemaErrors::default();
    let Some(obj) = top_object(&mut errors, body) else {
        return Err(errors.into_messages());
    };
    let reference = reference_field(&mut errors, obj);
    let mut phone = None;
    let mut phone_number = String::new();
    if let Some(v) = lookup(obj, "phone_number") {
        if let Some(s) = check_string(&mut errors, "phone_number", v, None) {
            phone_number = s.to_owned();
            match validate_phone_number(s) {
                Ok(p) => phone = Some(p),
                Err(msg) => errors.push(format!("phone_number {msg}")),
            }
        }
    }
    let template_id =
        lookup(obj, "template_id").and_then(|v| check_uuid(&mut errors, "template_id", v));
    let personalisation = personalisation_field(&mut errors, obj);
    if let Some(v) = lookup(obj, "scheduled_for") {
        check_scheduled_for(&mut errors, v, now_micros);
    }
    let sms_sender_id = lookup(obj, "sms_sender_id").and_then(|v| {
        check_uuid(&mut errors, "sms_sender_id", v)
            .map(|id| (v.as_str().unwrap_or("").to_owned(), id))
    });
    check_required(&mut errors, obj, &["phone_number", "template_id"]);
    check_additional(
        &mut errors,
        obj,
        &[
            "reference",
            "phone_number",
            "template_id",
            "personalisation",
            "scheduled_for",
            "sms_sender_id",
        ],
    );
    match (errors.is_empty(), phone, template_id) {
        (true, Some(phone), Some(template_id)) => Ok(SmsRequest {
            phone_number,
            phone,
            template_id,
            personalisation,
            reference,
            sms_sender_id,
        }),
        _ => Err(errors.into_messages()),
    }
}

/// Validates an email request body.
pub fn validate_email(body: &Json, now_micros: i64) -> Result<EmailRequest, Vec<String>> {
    let mut errors = SchemaErrors::default();
    let Some(obj) = top_object(&mut errors, body) else {
        return Err(errors.into_messages());
    };
    let reference = reference_field(&mut errors, obj);
    let mut email_address = None;
    if let Some(v) = lookup(obj, "email_address") {
        if let Some(s) = check_string(&mut errors, "email_address", v, None) {
            if validate_email_address(s).is_some() {
                email_address = Some(s.to_owned());
            } else {
                errors.push("email_address Not a valid email address");
            }
        }
    }
    let template_id =
        lookup(obj, "template_id").and_then(|v| check_uuid(&mut errors, "template_id", v));
    let personalisation = personalisation_field(&mut errors, obj);
    if let Some(v) = lookup(obj, "scheduled_for") {
        check_scheduled_for(&mut errors, v, now_micros);
    }
    let email_reply_to_id = lookup(obj, "email_reply_to_id").and_then(|v| {
        check_uuid(&mut errors, "email_reply_to_id", v)
            .map(|id| (v.as_str().unwrap_or("").to_owned(), id))
    });
    let mut one_click_unsubscribe_url = None;
    if let Some(v) = lookup(obj, "one_click_unsubscribe_url") {
        match v.as_str() {
            Some(s) if is_https_url(s) => one_click_unsubscribe_url = Some(s.to_owned()),
            _ => errors.push("one_click_unsubscribe_url is not a valid https url"),
        }
    }
    let mut sanitise_content_for = Vec::new();
    if let Some(v) = lookup(obj, "sanitise_content_for") {
        match v {
            Json::Array(items) => sanitise_content_for = items.clone(),
            Json::Null => {}
            other => type_error(&mut errors, "sanitise_content_for", other, "array, null"),
        }
    }
    check_required(&mut errors, obj, &["email_address", "template_id"]);
    check_additional(
        &mut errors,
        obj,
        &[
            "reference",
            "email_address",
            "template_id",
            "personalisation",
            "scheduled_for",
            "email_reply_to_id",
            "one_click_unsubscribe_url",
            "sanitise_content_for",
        ],
    );
    match (errors.is_empty(), email_address, template_id) {
        (true, Some(email_address), Some(template_id)) => Ok(EmailRequest {
            email_address,
            template_id,
            personalisation,
            reference,
            email_reply_to_id,
            one_click_unsubscribe_url,
            sanitise_content_for,
        }),
        _ => Err(errors.into_messages()),
    }
}

/// Validates a templated letter body.
pub fn validate_letter(body: &Json) -> Result<LetterRequest, Vec<String>> {
    let mut errors = SchemaErrors::default();
    let Some(obj) = top_object(&mut errors, body) else {
        return Err(errors.into_messages());
    };
    let reference = reference_field(&mut errors, obj);
    let template_id =
        lookup(obj, "template_id").and_then(|v| check_uuid(&mut errors, "template_id", v));
    let mut personalisation = Vec::new();
    if let Some(v) = lookup(obj, "personalisation") {
        if let Some(p) = check_object(&mut errors, "personalisation", v) {
            for line in ["address_line_1", "address_line_2"] {
                if let Some(value) = lookup(p, line) {
                    if value.as_str().is_none_or(str::is_empty) {
                        errors.push(format!("personalisation {line} is required"));
                    }
                }
            }
            for line in ["address_line_1", "address_line_2"] {
                if lookup(p, line).is_none() {
                    errors.push(format!("personalisation '{line}' is a required property"));
                }
            }
            personalisation = p.to_vec();
        }
    }
    check_required(&mut errors, obj, &["template_id", "personalisation"]);
    check_additional(
        &mut errors,
        obj,
        &["reference", "template_id", "personalisation"],
    );
    match (errors.is_empty(), template_id) {
        (true, Some(template_id)) => Ok(LetterRequest {
            template_id,
            personalisation,
            reference,
        }),
        _ => Err(errors.into_messages()),
    }
}

/// Validates a precompiled letter body.
pub fn validate_precompiled(body: &Json) -> Result<PrecompiledRequest, Vec<String>> {
    let mut errors = SchemaErrors::default();
    let Some(obj) = top_object(&mut errors, body) else {
        return Err(errors.into_messages());
    };
    let reference = lookup(obj, "reference")
        .and_then(|v| check_string(&mut errors, "reference", v, None))
        .map(str::to_owned);
    let content = lookup(obj, "content")
        .and_then(|v| check_string(&mut errors, "content", v, None))
        .map(str::to_owned);
    let mut postage = None;
    if let Some(v) = lookup(obj, "postage") {
        if let Some(s) = check_string(&mut errors, "postage", v, None) {
            if matches!(s, "first" | "second" | "economy") {
                postage = Some(s.to_owned());
            } else {
                errors.push("postage invalid. It must be either first, second or economy.");
            }
        }
    }
    check_required(&mut errors, obj, &["reference", "content"]);
    check_additional(&mut errors, obj, &["reference", "content", "postage"]);
    match (errors.is_empty(), reference, content) {
        (true, Some(reference), Some(content)) => Ok(PrecompiledRequest {
            reference,
            content,
            postage,
        }),
        _ => Err(errors.into_messages()),
    }
}

/// Python's non-strict `base64.b64decode`: characters outside the alphabet
/// are discarded, then the remainder must decode with correct padding.
pub fn lenient_b64decode(s: &str) -> Option<Vec<u8>> {
    let filtered: String = s
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='))
        .collect();
    let data = filtered.trim_end_matches('=');
    if data.contains('=') {
        // Python stops at the first complete padded quantum; treat any
        // interior padding as invalid for simplicity.
        return None;
    }
    if data.len() % 4 == 1 {
        return None;
    }
    if !filtered.len().is_multiple_of(4) {
        return None;
    }
    base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_allow_trailing_bits(true)
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::RequireNone),
    )
    .decode(data)
    .ok()
}

// ---------------------------------------------------------------------------
// Query strings

/// Query parameters in order, with repeats.
pub type Query = Vec<(String, String)>;

/// Parses a raw query string (`+` and `%XX` decoded).
pub fn parse_query(raw: Option<&str>) -> Query {
    match raw {
        Some(q) => url::form_urlencoded::parse(q.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
        None => Vec::new(),
    }
}

/// Every status accepted by the list filter, in Notify's order.
pub const STATUS_FILTER_VALUES: &[&str] = &[
    "cancelled",
    "created",
    "sending",
    "sent",
    "delivered",
    "pending",
    "failed",
    "technical-failure",
    "temporary-failure",
    "permanent-failure",
    "pending-virus-check",
    "validation-failed",
    "virus-scan-failed",
    "returned-letter",
    "accepted",
    "received",
];

/// Validated `GET /v2/notifications` filters.
#[derive(Debug, Clone, Default)]
pub struct ListFilters {
    /// Template types (empty = all).
    pub template_types: Vec<String>,
    /// Statuses (empty = all), before expansion of `failed`.
    pub statuses: Vec<String>,
    /// Exact client reference.
    pub reference: Option<String>,
    /// Only notifications older than this one.
    pub older_than: Option<Uuid>,
    /// Include spreadsheet sends (there are none in the simulator).
    pub include_jobs: bool,
    /// The filters for links: `(name, values)` in request order.
    pub link_params: Vec<(String, Vec<String>)>,
}

fn group_query(query: &Query) -> Vec<(String, Vec<String>)> {
    let mut grouped: Vec<(String, Vec<String>)> = Vec::new();
    for (k, v) in query {
        match grouped.iter_mut().find(|(name, _)| name == k) {
            Some((_, values)) => values.push(v.clone()),
            None => grouped.push((k.clone(), vec![v.clone()])),
        }
    }
    grouped
}

fn enum_message(value: &str, allowed: &[&str]) -> String {
    format!(
        "{} is not one of [{}]",
        py_str_repr(value),
        allowed
            .iter()
            .map(|a| py_str_repr(a))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// Validates the list-notifications query like `get_notifications_request`.
pub fn validate_list_query(query: &Query) -> Result<ListFilters, Vec<String>> {
    let grouped = group_query(query);
    let mut errors = SchemaErrors::default();
    let mut filters = ListFilters::default();
    let get = |name: &str| grouped.iter().find(|(k, _)| k == name).map(|(_, v)| v);
    if let Some(values) = get("reference") {
        filters.reference = values.first().cloned();
    }
    if let Some(values) = get("status") {
        for v in values {
            if !STATUS_FILTER_VALUES.contains(&v.as_str()) {
                errors.push(format!("status {}", enum_message(v, STATUS_FILTER_VALUES)));
            }
        }
        filters.statuses = values.clone();
    }
    if let Some(values) = get("template_type") {
        for v in values {
            if TemplateTypeName::parse(v).is_none() {
                errors.push(format!(
                    "template_type {}",
                    enum_message(v, &["sms", "email", "letter"])
                ));
            }
        }
        filters.template_types = values.clone();
    }
    if let Some(values) = get("include_jobs") {
        let first = values.first().map(String::as_str).unwrap_or("");
        if first == "true" || first == "True" {
            filters.include_jobs = true;
        } else {
            errors.push(format!(
                "include_jobs {}",
                enum_message(first, &["true", "True"])
            ));
        }
    }
    if let Some(values) = get("older_than") {
        let first = values.first().map(String::as_str).unwrap_or("");
        match parse_uuid(first) {
            Some(id) => filters.older_than = Some(id),
            None => errors.push("older_than is not a valid UUID"),
        }
    }
    let allowed = [
        "reference",
        "status",
        "template_type",
        "include_jobs",
        "older_than",
    ];
    let extras: Vec<String> = grouped
        .iter()
        .filter(|(k, _)| !allowed.contains(&k.as_str()))
        .map(|(k, _)| py_str_repr(k))
        .collect();
    if !extras.is_empty() {
        let verb = if extras.len() == 1 { "was" } else { "were" };
        errors.push(format!(
            "Additional properties are not allowed ({} {verb} unexpected)",
            extras.join(", ")
        ));
    }
    if !errors.is_empty() {
        return Err(errors.into_messages());
    }
    // Links repeat the filters; single-valued ones keep only their first value.
    filters.link_params = grouped
        .into_iter()
        .map(|(k, v)| {
            if k == "status" || k == "template_type" {
                (k, v)
            } else {
                let first = v.into_iter().next().unwrap_or_default();
                (k, vec![first])
            }
        })
        .collect();
    Ok(filters)
}

struct TemplateTypeName;

impl TemplateTypeName {
    fn parse(s: &str) -> Option<&'static str> {
        crate::templates::TemplateType::parse(s).map(crate::templates::TemplateType::as_str)
    }
}

/// Validates `GET /v2/templates`: only `type` ∈ sms/email/letter.
pub fn validate_templates_query(query: &Query) -> Result<Option<String>, Vec<String>> {
    let grouped = group_query(query);
    let mut errors = SchemaErrors::default();
    let mut result = None;
    if let Some((_, values)) = grouped.iter().find(|(k, _)| k == "type") {
        let first = values.first().map(String::as_str).unwrap_or("");
        if TemplateTypeName::parse(first).is_some() {
            result = Some(first.to_owned());
        } else {
            errors.push(format!(
                "type {}",
                enum_message(first, &["sms", "email", "letter"])
            ));
        }
    }
    single_additional(&mut errors, &grouped, &["type"]);
    if errors.is_empty() {
        Ok(result)
    } else {
        Err(errors.into_messages())
    }
}

/// Validates `GET /v2/received-text-messages`: only `older_than`.
pub fn validate_received_query(query: &Query) -> Result<Option<Uuid>, Vec<String>> {
    let grouped = group_query(query);
    let mut errors = SchemaErrors::default();
    let mut result = None;
    if let Some((_, values)) = grouped.iter().find(|(k, _)| k == "older_than") {
        let first = values.first().map(String::as_str).unwrap_or("");
        match parse_uuid(first) {
            Some(id) => result = Some(id),
            None => errors.push("older_than is not a valid UUID"),
        }
    }
    single_additional(&mut errors, &grouped, &["older_than"]);
    if errors.is_empty() {
        Ok(result)
    } else {
        Err(errors.into_messages())
    }
}

fn single_additional(
    errors: &mut SchemaErrors,
    grouped: &[(String, Vec<String>)],
    allowed: &[&str],
) {
    let extras: Vec<String> = grouped
        .iter()
        .filter(|(k, _)| !allowed.contains(&k.as_str()))
        .map(|(k, _)| py_str_repr(k))
        .collect();
    if !extras.is_empty() {
        let verb = if extras.len() == 1 { "was" } else { "were" };
        errors.push(format!(
            "Additional properties are not allowed ({} {verb} unexpected)",
            extras.join(", ")
        ));
    }
}

/// Validates a template preview body: `personalisation` must be an object if present.
pub fn validate_preview(body: &Json) -> Result<Entries, Vec<String>> {
    let mut errors = SchemaErrors::default();
    let Some(obj) = top_object(&mut errors, body) else {
        return Err(errors.into_messages());
    };
    let personalisation = personalisation_field(&mut errors, obj);
    if errors.is_empty() {
        Ok(personalisation)
    } else {
        Err(errors.into_messages())
    }
}

// ---------------------------------------------------------------------------
// Postal addresses

const EUROPE: &[&str] = &[
    "albania",
    "andorra",
    "austria",
    "belgium",
    "bosnia and herzegovina",
    "bulgaria",
    "croatia",
    "cyprus",
    "czechia",
    "czech republic",
    "denmark",
    "estonia",
    "faroe islands",
    "finland",
    "france",
    "germany",
    "gibraltar",
    "greece",
    "hungary",
    "iceland",
    "ireland",
    "italy",
    "latvia",
    "liechtenstein",
    "lithuania",
    "luxembourg",
    "malta",
    "monaco",
    "montenegro",
    "netherlands",
    "north macedonia",
    "norway",
    "poland",
    "portugal",
    "romania",
    "san marino",
    "serbia",
    "slovakia",
    "slovenia",
    "spain",
    "sweden",
    "switzerland",
    "turkey",
    "ukraine",
];

const REST_OF_WORLD: &[&str] = &[
    "argentina",
    "australia",
    "bangladesh",
    "brazil",
    "canada",
    "chile",
    "china",
    "egypt",
    "ghana",
    "hong kong",
    "india",
    "indonesia",
    "israel",
    "jamaica",
    "japan",
    "kenya",
    "malaysia",
    "mexico",
    "new zealand",
    "nigeria",
    "pakistan",
    "philippines",
    "saudi arabia",
    "singapore",
    "south africa",
    "south korea",
    "sri lanka",
    "thailand",
    "united arab emirates",
    "united states",
    "united states of america",
    "usa",
    "vietnam",
];

const UK_NAMES: &[&str] = &[
    "united kingdom",
    "uk",
    "great britain",
    "england",
    "scotland",
    "wales",
    "northern ireland",
];

fn country_key(line: &str) -> String {
    line.chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// True for a syntactically valid UK postcode (any spacing and case).
pub fn is_uk_postcode(line: &str) -> bool {
    let p: String = line
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    if p == "GIR0AA" {
        return true;
    }
    let b = p.as_bytes();
    if !(5..=7).contains(&b.len()) {
        return false;
    }
    let (outward, inward) = b.split_at(b.len() - 3);
    let inward_ok = inward[0].is_ascii_digit()
        && inward[1].is_ascii_uppercase()
        && inward[2].is_ascii_uppercase();
    // Outward: A9, A99, AA9, AA99, A9A, AA9A.
    let outward_ok = match outward {
        [a, d] => a.is_ascii_uppercase() && d.is_ascii_digit(),
        [a, b2, c] => {
            a.is_ascii_uppercase()
                && ((b2.is_ascii_digit() && (c.is_ascii_digit() || c.is_ascii_uppercase()))
                    || (b2.is_ascii_uppercase() && c.is_ascii_digit()))
        }
        [a, b2, c, d] => {
            a.is_ascii_uppercase()
                && b2.is_ascii_uppercase()
                && c.is_ascii_digit()
                && (d.is_ascii_digit() || d.is_ascii_uppercase())
        }
        _ => false,
    };
    inward_ok && outward_ok
}

/// A validated letter address.
#[derive(Debug, Clone)]
pub struct Address {
    /// Normalised lines.
    pub lines: Vec<String>,
    /// `europe` or `rest-of-world` for international addresses.
    pub international_postage: Option<&'static str>,
}

/// The raw value of an address key (case-insensitive key lookup), as text.
pub fn address_value(personalisation: &[(String, Json)], key: &str) -> Option<String> {
    let wanted = crate::templates::insensitive_key(key);
    personalisation
        .iter()
        .rev()
        .find(|(k, _)| crate::templates::insensitive_key(k) == wanted)
        .and_then(|(_, v)| match v {
            Json::Null => None,
            other => Some(other.py_str()),
        })
}

/// Validates a letter address like `validate_address` in notifications-api.
pub fn validate_address(
    personalisation: &[(String, Json)],
    allow_international: bool,
) -> Result<Address, String> {
    let mut raw_lines: Vec<String> = (1..=6)
        .map(|i| address_value(personalisation, &format!("address_line_{i}")).unwrap_or_default())
        .collect();
    let last = address_value(personalisation, "address_line_7")
        .or_else(|| address_value(personalisation, "postcode"))
        .unwrap_or_default();
    raw_lines.push(last);
    let mut lines: Vec<String> = raw_lines
        .iter()
        .flat_map(|l| l.split('\n').map(str::to_owned).collect::<Vec<_>>())
        .map(|l| l.trim().trim_end_matches(',').trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect();
    // A trailing UK country name is dropped; the postcode is then the last line.
    if lines.len() > 1
        && lines
            .last()
            .is_some_and(|l| UK_NAMES.contains(&country_key(l).as_str()))
    {
        lines.pop();
    }
    if lines.len() < 3 {
        return Err("Address must be at least 3 lines".into());
    }
    if lines.len() > 7 {
        return Err("Address must be no more than 7 lines".into());
    }
    let last_line = lines.last().cloned().unwrap_or_default();
    let mut international_postage = None;
    if !is_uk_postcode(&last_line) {
        let country = country_key(&last_line);
        let postage = if EUROPE.contains(&country.as_str()) {
            Some("europe")
        } else if REST_OF_WORLD.contains(&country.as_str()) {
            Some("rest-of-world")
        } else {
            None
        };
        match (allow_international, postage) {
            (true, Some(p)) => international_postage = Some(p),
            (true, None) => {
                return Err(
                    "Last line of address must be a real UK postcode or another country".into(),
                )
            }
            (false, _) => return Err("Must be a real UK postcode".into()),
        }
    }
    const FORBIDDEN: &[char] = &[
        '@', '(', ')', '=', '[', ']', '"', '\u{201d}', '\\', '/', ',', '<', '>', '~',
    ];
    if lines.iter().any(|l| l.starts_with(FORBIDDEN)) {
        return Err(
            "Address lines must not start with any of the following characters: @ ( ) = [ ] \u{201d} \\ / , < > ~"
                .into(),
        );
    }
    if lines.iter().any(|l| {
        let k: String = l
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_lowercase();
        k == "nofixedabode" || k == "nfa"
    }) {
        return Err("Must be a real address".into());
    }
    Ok(Address {
        lines,
        international_postage,
    })
}

// ---------------------------------------------------------------------------
// Send a file by email

/// File extensions document-download accepts.
pub const ALLOWED_FILE_EXTENSIONS: &[&str] = &[
    "csv", "doc", "docx", "jpeg", "jpg", "json", "odt", "pdf", "png", "rtf", "txt", "xlsx",
];

/// Largest decoded file document-download accepts (2 MiB + 1 KiB).
pub const MAX_DECODED_FILE_SIZE: usize = 2 * 1024 * 1024 + 1024;

const EICAR: &[u8] = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE";

/// A successfully validated file upload.
#[derive(Debug, Clone)]
pub struct FileUpload {
    /// Decoded size in bytes.
    pub size: usize,
    /// Extension the file is treated as.
    pub extension: String,
    /// Whether the recipient must confirm their email address.
    pub confirm_email_before_download: bool,
    /// Retention in weeks.
    pub retention_weeks: u32,
}

/// Why a file object was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    /// Schema violations (400 ValidationError).
    Schema(Vec<String>),
    /// A document-download style rejection (400 BadRequestError).
    BadRequest(String),
}

fn supported_types_message(found: &str) -> String {
    let list: Vec<String> = ALLOWED_FILE_EXTENSIONS
        .iter()
        .map(|e| format!("'.{e}'"))
        .collect();
    format!(
        "Unsupported file type '{found}'. Supported types are: {}",
        list.join(", ")
    )
}

fn sniff_extension(data: &[u8], is_csv: bool) -> Option<&'static str> {
    if data.starts_with(b"%PDF") {
        Some("pdf")
    } else if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpg")
    } else if data.starts_with(b"{\\rtf") {
        Some("rtf")
    } else if data.starts_with(b"PK\x03\x04") {
        Some("docx")
    } else if data.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Some("doc")
    } else if std::str::from_utf8(data).is_ok() {
        Some(if is_csv { "csv" } else { "txt" })
    } else {
        None
    }
}

/// Validates a personalisation file object (`{"file": base64, ...}`).
pub fn validate_file_object(obj: &[(String, Json)]) -> Result<FileUpload, FileError> {
    let mut errors = SchemaErrors::default();
    let file = lookup(obj, "file").and_then(|v| check_string(&mut errors, "file", v, None));
    let filename = match lookup(obj, "filename") {
        None | Some(Json::Null) => None,
        Some(Json::String(s)) => Some(s.clone()),
        Some(other) => {
            type_error(&mut errors, "filename", other, "string, null");
            None
        }
    };
    let is_csv = match lookup(obj, "is_csv") {
        None | Some(Json::Null) => None,
        Some(Json::Bool(b)) => Some(*b),
        Some(other) => {
            type_error(&mut errors, "is_csv", other, "boolean, null");
            None
        }
    };
    check_required(&mut errors, obj, &["file"]);
    check_additional(
        &mut errors,
        obj,
        &[
            "file",
            "filename",
            "confirm_email_before_download",
            "retention_period",
            "is_csv",
        ],
    );
    if !errors.is_empty() {
        return Err(FileError::Schema(errors.into_messages()));
    }
    let file = file.unwrap_or("");
    let confirm = match lookup(obj, "confirm_email_before_download") {
        None | Some(Json::Null) => true,
        Some(Json::Bool(b)) => *b,
        Some(other) => {
            return Err(FileError::BadRequest(format!(
                "Unsupported value for confirm_email_before_download: '{}'. Use a boolean true or false value.",
                other.py_str()
            )))
        }
    };
    let retention_weeks = match lookup(obj, "retention_period") {
        None | Some(Json::Null) => 26,
        Some(v) => {
            let text = v.py_str();
            let normalised = text.trim().to_lowercase();
            let weeks = normalised
                .strip_suffix(" weeks")
                .or_else(|| normalised.strip_suffix(" week"))
                .filter(|n| {
                    !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && v.as_str().is_some()
                })
                .and_then(|n| n.parse::<u32>().ok())
                .filter(|n| (1..=78).contains(n));
            match weeks {
                Some(w) => w,
                None => {
                    return Err(FileError::BadRequest(format!(
                        "Unsupported value for retention_period '{text}'. Supported periods are from 1 to 78 weeks."
                    )))
                }
            }
        }
    };
    if is_csv.is_some() && filename.is_some() {
        return Err(FileError::BadRequest(
            "Do not set a value for `is_csv` if `filename` is set.".into(),
        ));
    }
    let data = lenient_b64decode(file)
        .ok_or_else(|| FileError::BadRequest("Document is not base64 encoded".into()))?;
    if data.len() > MAX_DECODED_FILE_SIZE {
        return Err(FileError::BadRequest(
            "Uploaded file exceeds file size limit".into(),
        ));
    }
    if data.windows(EICAR.len()).any(|w| w == EICAR) {
        return Err(FileError::BadRequest(
            "File did not pass the virus scan".into(),
        ));
    }
    let extension = match &filename {
        Some(name) => {
            if name.chars().count() > 100 {
                return Err(FileError::BadRequest(
                    "`filename` cannot be longer than 100 characters".into(),
                ));
            }
            let ext = name
                .rsplit_once('.')
                .map(|(_, e)| e.to_lowercase())
                .filter(|e| !e.is_empty());
            let Some(ext) = ext else {
                return Err(FileError::BadRequest(
                    "`filename` must end with a file extension. For example, filename.csv".into(),
                ));
            };
            if !ALLOWED_FILE_EXTENSIONS.contains(&ext.as_str()) {
                return Err(FileError::BadRequest(supported_types_message(&format!(
                    ".{ext}"
                ))));
            }
            ext
        }
        None => match sniff_extension(&data, is_csv.unwrap_or(false)) {
            Some(ext) => ext.to_owned(),
            None => {
                return Err(FileError::BadRequest(supported_types_message(
                    "application/octet-stream",
                )))
            }
        },
    };
    Ok(FileUpload {
        size: data.len(),
        extension,
        confirm_email_before_download: confirm,
        retention_weeks,
    })
}

// ---------------------------------------------------------------------------
// Sanitising personalisation

/// Sanitises a personalisation value: bare domains are broken up with `. `,
/// other URLs removed, Markdown characters backslash-escaped.
pub fn sanitise_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.is_empty() {
            return;
        }
        let lower = word.to_lowercase();
        if lower.contains("://") || lower.starts_with("www.") || lower.starts_with("mailto:") {
            // URL: dropped.
        } else if looks_like_domain(word) {
            out.push_str(&word.replace('.', ". "));
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in value.chars() {
        if c.is_whitespace() {
            flush(&mut word, &mut out);
            out.push(c);
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut out);
    const MARKDOWN: &str = "`*_()\\{}[]<>#+-.!|";
    let mut escaped = String::with_capacity(out.len() + 8);
    for c in out.chars() {
        if MARKDOWN.contains(c) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

fn looks_like_domain(word: &str) -> bool {
    let trimmed = word.trim_end_matches(['.', ',', '!', '?', ';', ':']);
    let parts: Vec<&str> = trimmed.split('.').collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && parts
            .last()
            .is_some_and(|t| t.len() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_lenient() {
        let id = "26785a09-ab16-4eb0-8407-a37497a57506";
        assert!(parse_uuid(id).is_some());
        assert!(parse_uuid(&id.to_uppercase()).is_some());
        assert!(parse_uuid(&format!("{{{id}}}")).is_some());
        assert!(parse_uuid(&id.replace('-', "")).is_some());
        assert!(parse_uuid(&format!("urn:uuid:{id}")).is_some());
        assert!(parse_uuid("not-a-uuid").is_none());
        assert!(parse_uuid("").is_none());
    }

    #[test]
    fn phone_numbers() {
        assert_eq!(
            validate_phone_number("07700900123").unwrap().digits,
            "447700900123"
        );
        assert_eq!(
            validate_phone_number("+44 7700 900123").unwrap().digits,
            "447700900123"
        );
        assert_eq!(
            validate_phone_number("447700900123").unwrap().digits,
            "447700900123"
        );
        assert_eq!(
            validate_phone_number("(0)7700-900-123").unwrap().digits,
            "447700900123"
        );
        assert!(
            validate_phone_number("+1 202 555 0123")
                .unwrap()
                .international
        );
        assert_eq!(
            validate_phone_number("07700 9001"),
            Err("Not enough digits")
        );
        assert_eq!(
            validate_phone_number("07700 90012345"),
            Err("Too many digits")
        );
        assert_eq!(
            validate_phone_number("01632 960000"),
            Err("Not a UK mobile number")
        );
        assert_eq!(
            validate_phone_number("0770090012a"),
            Err("Must not contain letters or symbols")
        );
        assert_eq!(
            validate_phone_number("+2891234567"),
            Err("Not a valid country prefix")
        );
    }

    #[test]
    fn email_addresses() {
        for ok in [
            "test@example.com",
            "a.b+c@sub.example.gov.uk",
            "temp-fail@simulator.notify",
        ] {
            assert!(validate_email_address(ok).is_some(), "{ok}");
        }
        for bad in [
            "test@example",
            "@example.com",
            "a..b@example.com",
            "a b@example.com",
            "test",
            "a@b@c.com",
            "a@-x.com",
        ] {
            assert!(validate_email_address(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn postcodes_and_addresses() {
        for ok in [
            "SW1A 1AA", "sw1a1aa", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "GIR 0AA",
            "EC1A 1BB",
        ] {
            assert!(is_uk_postcode(ok), "{ok}");
        }
        for bad in ["SW1A", "12345", "ABC DEF", "France"] {
            assert!(!is_uk_postcode(bad), "{bad}");
        }
        let entries = |lines: &[(&str, &str)]| -> Entries {
            lines
                .iter()
                .map(|(k, v)| ((*k).to_owned(), Json::String((*v).to_owned())))
                .collect()
        };
        let ok = entries(&[
            ("address_line_1", "A"),
            ("address_line_2", "B"),
            ("postcode", "SW1A 1AA"),
        ]);
        assert!(validate_address(&ok, true)
            .unwrap()
            .international_postage
            .is_none());
        let two = entries(&[("address_line_1", "A"), ("postcode", "SW1A 1AA")]);
        assert_eq!(
            validate_address(&two, true).unwrap_err(),
            "Address must be at least 3 lines"
        );
        let abroad = entries(&[
            ("address_line_1", "A"),
            ("address_line_2", "B"),
            ("address_line_7", "France"),
        ]);
        assert_eq!(
            validate_address(&abroad, true)
                .unwrap()
                .international_postage,
            Some("europe")
        );
        assert_eq!(
            validate_address(&abroad, false).unwrap_err(),
            "Must be a real UK postcode"
        );
        let nowhere = entries(&[
            ("address_line_1", "A"),
            ("address_line_2", "B"),
            ("postcode", "Narnia"),
        ]);
        assert_eq!(
            validate_address(&nowhere, true).unwrap_err(),
            "Last line of address must be a real UK postcode or another country"
        );
        let bad_char = entries(&[
            ("address_line_1", "@A"),
            ("address_line_2", "B"),
            ("postcode", "SW1A 1AA"),
        ]);
        assert!(validate_address(&bad_char, true)
            .unwrap_err()
            .starts_with("Address lines must not start"));
    }

    #[test]
    fn sanitises() {
        assert_eq!(
            sanitise_value("see example.com now"),
            "see example\\. com now"
        );
        assert_eq!(
            sanitise_value("go to https://evil.test/x please"),
            "go to  please"
        );
        assert_eq!(sanitise_value("*bold*"), "\\*bold\\*");
    }

    #[test]
    fn base64_is_lenient_like_python() {
        assert_eq!(lenient_b64decode("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(lenient_b64decode("aGVs\nbG8=").unwrap(), b"hello");
        assert!(lenient_b64decode("aGVsbG8").is_none());
        assert!(lenient_b64decode("a").is_none());
    }
}
