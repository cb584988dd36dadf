//! Templates: loading, placeholders and rendering with personalisation.
//!
//! The built-in set (`simulator/templates.json`) is compiled into the binary;
//! another set can be loaded from a JSON file with the same shape (either an
//! array of templates or `{"templates": [...]}`).

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::json::Json;

/// Id of the built-in text message template
/// (`Hello ((name)), this is a test text message from the Notify simulator.`).
pub const SMS_TEMPLATE_ID: &str = "8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
/// Id of the built-in email template (subject `Hello ((name))`).
pub const EMAIL_TEMPLATE_ID: &str = "5e2d4c6b-7a8f-4b9c-a1d2-e3f4a5b6c7d8";
/// Id of the built-in email template with a `((link_to_file))` placeholder.
pub const EMAIL_FILE_TEMPLATE_ID: &str = "6f3e5d7c-8b9a-4c0d-b2e3-f4a5b6c7d8e9";
/// Id of the built-in letter template (subject `Letter for ((name))`).
pub const LETTER_TEMPLATE_ID: &str = "7a4f6e8d-9cab-4d1e-83f4-a5b6c7d8e9f0";
/// Id of the built-in text message template with two versions
/// (`Version one`, then `Version two, ((name))`).
pub const VERSIONED_SMS_TEMPLATE_ID: &str = "9b5a7f0e-1dbc-4e2f-94a5-b6c7d8e9f0a1";
/// Id of the hidden template that precompiled letters are recorded against.
pub const PRECOMPILED_TEMPLATE_ID: &str = "2f4e6a8c-0b1d-4c3e-85f7-a9b0c1d2e3f4";

/// The built-in templates file.
pub const BUILTIN_TEMPLATES_JSON: &str = include_str!("../templates.json");

/// Placeholders a letter may use without a template declaring them.
const LETTER_ADDRESS_KEYS: [&str; 8] = [
    "addressline1",
    "addressline2",
    "addressline3",
    "addressline4",
    "addressline5",
    "addressline6",
    "addressline7",
    "postcode",
];

/// Template (and notification) type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TemplateType {
    /// Text message.
    Sms,
    /// Email.
    Email,
    /// Letter.
    Letter,
}

impl TemplateType {
    /// `sms`, `email` or `letter`.
    pub fn as_str(self) -> &'static str {
        match self {
            TemplateType::Sms => "sms",
            TemplateType::Email => "email",
            TemplateType::Letter => "letter",
        }
    }

    /// Parses `sms`, `email` or `letter`.
    pub fn parse(s: &str) -> Option<TemplateType> {
        match s {
            "sms" => Some(TemplateType::Sms),
            "email" => Some(TemplateType::Email),
            "letter" => Some(TemplateType::Letter),
            _ => None,
        }
    }
}

/// One version of a template in a templates file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TemplateVersionConfig {
    /// Version number, from 1.
    pub version: u32,
    /// Subject (email) or heading (letter).
    #[serde(default)]
    pub subject: Option<String>,
    /// Body with `((placeholders))`.
    pub body: String,
    /// When this version was created (`…Z` timestamp).
    #[serde(default)]
    pub created_at: Option<String>,
}

/// A template as written in a templates file. Either `versions` or the
/// single-version shorthand `subject`/`body` (version 1) must be given.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TemplateConfig {
    /// Template id (UUID).
    pub id: String,
    /// Template name.
    pub name: String,
    /// `sms`, `email` or `letter`.
    #[serde(rename = "type")]
    pub template_type: TemplateType,
    /// Email address of the creator.
    #[serde(default)]
    pub created_by: Option<String>,
    /// Letter postage (default `second` for letters).
    #[serde(default)]
    pub postage: Option<String>,
    /// Letter contact block.
    #[serde(default)]
    pub letter_contact_block: Option<String>,
    /// Archived templates cannot be sent (`Template has been deleted`).
    #[serde(default)]
    pub archived: bool,
    /// Creation time of the single-version shorthand.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Subject of the single-version shorthand.
    #[serde(default)]
    pub subject: Option<String>,
    /// Body of the single-version shorthand.
    #[serde(default)]
    pub body: Option<String>,
    /// All versions.
    #[serde(default)]
    pub versions: Vec<TemplateVersionConfig>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum TemplatesFile {
    Wrapped { templates: Vec<TemplateConfig> },
    List(Vec<TemplateConfig>),
}

/// Parses a templates file (`[...]` or `{"templates": [...]}`).
pub fn parse_templates_json(text: &str) -> Result<Vec<TemplateConfig>, String> {
    match serde_json::from_str::<TemplatesFile>(text) {
        Ok(TemplatesFile::Wrapped { templates }) | Ok(TemplatesFile::List(templates)) => {
            TemplateSet::from_configs(&templates)?;
            Ok(templates)
        }
        Err(e) => Err(format!("invalid templates JSON: {e}")),
    }
}

/// The built-in templates.
pub fn builtin_templates() -> Vec<TemplateConfig> {
    match serde_json::from_str::<TemplatesFile>(BUILTIN_TEMPLATES_JSON) {
        Ok(TemplatesFile::Wrapped { templates }) | Ok(TemplatesFile::List(templates)) => templates,
        Err(_) => Vec::new(),
    }
}

/// One compiled template version.
#[derive(Debug, Clone)]
pub struct TemplateVersion {
    /// Version number.
    pub version: u32,
    /// Subject or heading.
    pub subject: Option<String>,
    /// Raw body.
    pub body: String,
    /// Creation timestamp.
    pub created_at: String,
    /// Placeholder names in order of first appearance (subject first), unique.
    pub placeholders: Vec<String>,
}

/// A compiled template with all its versions.
#[derive(Debug, Clone)]
pub struct Template {
    /// Template id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Type.
    pub template_type: TemplateType,
    /// Creator's email address.
    pub created_by: String,
    /// Letter postage.
    pub postage: Option<String>,
    /// Letter contact block.
    pub letter_contact_block: Option<String>,
    /// Archived flag.
    pub archived: bool,
    /// Versions, ascending.
    pub versions: Vec<TemplateVersion>,
}

impl Template {
    /// The latest version.
    pub fn latest(&self) -> Option<&TemplateVersion> {
        self.versions.last()
    }

    /// A specific version.
    pub fn version(&self, version: u64) -> Option<&TemplateVersion> {
        self.versions
            .iter()
            .find(|v| u64::from(v.version) == version)
    }

    /// The v2 JSON of one version (`GET /v2/template/{id}`).
    pub fn to_v2_json(&self, v: &TemplateVersion) -> Value {
        let first_created = self
            .versions
            .first()
            .map(|f| f.created_at.clone())
            .unwrap_or_else(|| v.created_at.clone());
        let updated_at = if v.version > 1 {
            Value::String(v.created_at.clone())
        } else {
            Value::Null
        };
        let mut personalisation = Map::new();
        for name in &v.placeholders {
            personalisation.insert(name.clone(), json!({"required": true}));
        }
        json!({
            "id": self.id.to_string(),
            "type": self.template_type.as_str(),
            "created_at": first_created,
            "updated_at": updated_at,
            "created_by": self.created_by,
            "version": v.version,
            "body": v.body,
            "subject": if self.template_type == TemplateType::Sms { Value::Null } else { json!(v.subject) },
            "name": self.name,
            "personalisation": personalisation,
            "postage": self.postage,
            "letter_contact_block": self.letter_contact_block,
        })
    }
}

/// All templates, indexed by id.
#[derive(Debug, Clone, Default)]
pub struct TemplateSet {
    by_id: HashMap<Uuid, Arc<Template>>,
    ordered: Vec<Arc<Template>>,
}

impl TemplateSet {
    /// Compiles template configurations, checking ids and versions.
    pub fn from_configs(configs: &[TemplateConfig]) -> Result<TemplateSet, String> {
        let mut set = TemplateSet::default();
        for cfg in configs {
            let id = crate::validation::parse_uuid(&cfg.id)
                .ok_or_else(|| format!("template id {:?} is not a UUID", cfg.id))?;
            if set.by_id.contains_key(&id) {
                return Err(format!("duplicate template id {id}"));
            }
            let mut versions: Vec<TemplateVersion> = Vec::new();
            let default_created = cfg
                .created_at
                .clone()
                .unwrap_or_else(|| "2024-01-01T09:00:00.000000Z".to_owned());
            if cfg.versions.is_empty() {
                let body = cfg
                    .body
                    .clone()
                    .ok_or_else(|| format!("template {id} has neither `body` nor `versions`"))?;
                versions.push(TemplateVersion::new(
                    1,
                    cfg.subject.clone(),
                    body,
                    default_created,
                ));
            } else {
                for v in &cfg.versions {
                    if v.version == 0 {
                        return Err(format!("template {id} has a version 0"));
                    }
                    if versions.iter().any(|x| x.version == v.version) {
                        return Err(format!("template {id} repeats version {}", v.version));
                    }
                    versions.push(TemplateVersion::new(
                        v.version,
                        v.subject.clone(),
                        v.body.clone(),
                        v.created_at
                            .clone()
                            .unwrap_or_else(|| default_created.clone()),
                    ));
                }
                versions.sort_by_key(|v| v.version);
            }
            if cfg.template_type != TemplateType::Sms
                && versions.iter().any(|v| v.subject.is_none())
            {
                return Err(format!(
                    "{} template {id} needs a subject",
                    cfg.template_type.as_str()
                ));
            }
            let postage = match cfg.template_type {
                TemplateType::Letter => {
                    Some(cfg.postage.clone().unwrap_or_else(|| "second".into()))
                }
                _ => None,
            };
            let template = Arc::new(Template {
                id,
                name: cfg.name.clone(),
                template_type: cfg.template_type,
                created_by: cfg
                    .created_by
                    .clone()
                    .unwrap_or_else(|| "notify-simulator@example.gov.uk".to_owned()),
                postage,
                letter_contact_block: match cfg.template_type {
                    TemplateType::Letter => cfg.letter_contact_block.clone(),
                    _ => None,
                },
                archived: cfg.archived,
                versions,
            });
            set.by_id.insert(id, template.clone());
            set.ordered.push(template);
        }
        set.ordered.sort_by(|a, b| {
            (a.name.as_str(), a.template_type.as_str())
                .cmp(&(b.name.as_str(), b.template_type.as_str()))
        });
        Ok(set)
    }

    /// Looks a template up by id.
    pub fn get(&self, id: &Uuid) -> Option<&Arc<Template>> {
        self.by_id.get(id)
    }

    /// All templates ordered by name, then type.
    pub fn all(&self) -> &[Arc<Template>] {
        &self.ordered
    }
}

impl TemplateVersion {
    fn new(version: u32, subject: Option<String>, body: String, created_at: String) -> Self {
        let mut placeholders: Vec<String> = Vec::new();
        for text in subject.iter().chain(std::iter::once(&body)) {
            for p in find_placeholders(text) {
                if !placeholders.contains(&p.name) {
                    placeholders.push(p.name);
                }
            }
        }
        TemplateVersion {
            version,
            subject,
            body,
            created_at,
            placeholders,
        }
    }
}

/// A `((placeholder))` occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    /// Byte range of the whole `((…))` in the text.
    pub range: std::ops::Range<usize>,
    /// The name (before any `??`), trimmed.
    pub name: String,
    /// For `((name??text))`, the text shown when the value is truthy.
    pub conditional: Option<String>,
}

/// Finds placeholders: `((` + text without parentheses + `))`.
pub fn find_placeholders(text: &str) -> Vec<Placeholder> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b'(' && bytes[i + 1] == b'(' {
            let start = i + 2;
            let mut j = start;
            while j < bytes.len() && bytes[j] != b'(' && bytes[j] != b')' {
                j += 1;
            }
            if j > start && j + 1 < bytes.len() && bytes[j] == b')' && bytes[j + 1] == b')' {
                let inner = text.get(start..j).unwrap_or("");
                let (name, conditional) = match inner.split_once("??") {
                    Some((n, c)) => (n, Some(c.to_owned())),
                    None => (inner, None),
                };
                out.push(Placeholder {
                    range: i..j + 2,
                    name: name.trim().to_owned(),
                    conditional,
                });
                i = j + 2;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Notify's case-insensitive personalisation key: lower case without spaces,
/// underscores and hyphens.
pub fn insensitive_key(key: &str) -> String {
    key.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// How list values are rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListStyle {
    /// `* item` lines (email and letter).
    Bullets,
    /// `a, b and c` (text message).
    Inline,
}

impl ListStyle {
    /// The style used for a template type.
    pub fn for_type(t: TemplateType) -> ListStyle {
        match t {
            TemplateType::Sms => ListStyle::Inline,
            _ => ListStyle::Bullets,
        }
    }
}

/// Personalisation values looked up case-insensitively.
#[derive(Debug, Clone, Default)]
pub struct Values {
    map: HashMap<String, Json>,
}

impl Values {
    /// Builds from a personalisation object; a later key wins over an earlier
    /// one that normalises to the same key.
    pub fn from_entries(entries: &[(String, Json)]) -> Values {
        let mut map = HashMap::with_capacity(entries.len());
        for (k, v) in entries {
            map.insert(insensitive_key(k), v.clone());
        }
        Values { map }
    }

    /// The non-null value for a placeholder name.
    pub fn get(&self, name: &str) -> Option<&Json> {
        self.map
            .get(&insensitive_key(name))
            .filter(|v| !v.is_null())
    }

    /// Replaces the value of `name`.
    pub fn set(&mut self, name: &str, value: Json) {
        self.map.insert(insensitive_key(name), value);
    }
}

/// Placeholders of `version` without a (non-null) value, in template order.
/// Letter address placeholders never count as missing.
pub fn missing_placeholders(
    version: &TemplateVersion,
    template_type: TemplateType,
    values: &Values,
) -> Vec<String> {
    version
        .placeholders
        .iter()
        .filter(|name| {
            !(template_type == TemplateType::Letter
                && LETTER_ADDRESS_KEYS.contains(&insensitive_key(name).as_str()))
        })
        .filter(|name| values.get(name).is_none())
        .cloned()
        .collect()
}

fn truthy(v: &Json) -> bool {
    match v {
        Json::Null => false,
        Json::Bool(b) => *b,
        Json::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Json::String(s) => {
            let lower = s.trim().to_lowercase();
            !(lower.is_empty() || matches!(lower.as_str(), "false" | "no" | "0" | "off"))
        }
        Json::Array(a) => !a.is_empty(),
        Json::Object(o) => !o.is_empty(),
    }
}

/// Python truthiness (`filter(None, items)` keeps these).
fn py_truthy(v: &Json) -> bool {
    match v {
        Json::Null => false,
        Json::Bool(b) => *b,
        Json::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Json::String(s) => !s.is_empty(),
        Json::Array(a) => !a.is_empty(),
        Json::Object(o) => !o.is_empty(),
    }
}

/// The text a value renders as.
pub fn value_text(v: &Json, style: ListStyle) -> String {
    match v {
        Json::Array(items) => {
            let items: Vec<String> = items
                .iter()
                .filter(|i| py_truthy(i))
                .map(Json::py_str)
                .collect();
            match style {
                ListStyle::Bullets => items
                    .iter()
                    .map(|i| format!("* {i}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
                ListStyle::Inline => match items.split_last() {
                    None => String::new(),
                    Some((last, [])) => last.clone(),
                    Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
                },
            }
        }
        other => other.py_str(),
    }
}

/// Renders `text`, replacing placeholders that have values.
pub fn render(text: &str, values: &Values, style: ListStyle) -> String {
    let placeholders = find_placeholders(text);
    if placeholders.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 32);
    let mut last = 0;
    for p in placeholders {
        out.push_str(text.get(last..p.range.start).unwrap_or(""));
        match (values.get(&p.name), &p.conditional) {
            (Some(v), Some(cond)) => {
                if truthy(v) {
                    out.push_str(cond);
                }
            }
            (Some(v), None) => out.push_str(&value_text(v, style)),
            (None, _) => out.push_str(text.get(p.range.clone()).unwrap_or("")),
        }
        last = p.range.end;
    }
    out.push_str(text.get(last..).unwrap_or(""));
    out
}

/// Escapes text for HTML.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

/// A simple HTML rendering of an email body: paragraphs split on blank
/// lines, `* ` lines as lists, single newlines as `<br>`.
pub fn email_html(body: &str) -> String {
    const P: &str =
        "<p style=\"Margin: 0 0 20px 0; font-size: 19px; line-height: 25px; color: #0B0C0C;\">";
    let normalised = body.replace("\r\n", "\n");
    let mut out = String::new();
    for block in normalised.split("\n\n") {
        let lines: Vec<&str> = block
            .lines()
            .map(str::trim_end)
            .filter(|l| !l.trim().is_empty())
            .collect();
        if lines.is_empty() {
            continue;
        }
        if lines
            .iter()
            .all(|l| l.starts_with("* ") || l.starts_with("- "))
        {
            out.push_str("<ul style=\"Margin: 0 0 0 20px; padding: 0; list-style-type: disc;\">");
            for l in &lines {
                out.push_str("<li style=\"Margin: 5px 0 5px; padding: 0 0 0 5px; font-size: 19px; line-height: 25px; color: #0B0C0C;\">");
                out.push_str(&escape_html(l.get(2..).unwrap_or("")));
                out.push_str("</li>");
            }
            out.push_str("</ul>");
        } else {
            out.push_str(P);
            let escaped: Vec<String> = lines.iter().map(|l| escape_html(l)).collect();
            out.push_str(&escaped.join("<br>"));
            out.push_str("</p>");
        }
    }
    out
}

const GSM_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u{1b}ÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXTENDED: &str = "^{}\\[~]|€";

/// Number of characters Notify counts for a text message, and whether it
/// needs Unicode encoding.
pub fn sms_character_count(body: &str) -> (usize, bool) {
    let mut count = 0;
    for c in body.chars() {
        if GSM_BASIC.contains(c) {
            count += 1;
        } else if GSM_EXTENDED.contains(c) {
            count += 2;
        } else {
            return (body.chars().count(), true);
        }
    }
    (count, false)
}

/// Billable fragments of a text message.
pub fn sms_fragments(body: &str) -> u64 {
    let (count, unicode) = sms_character_count(body);
    let count = count as u64;
    let (single, multi) = if unicode { (70, 67) } else { (160, 153) };
    if count <= single {
        1
    } else {
        count.div_ceil(multi)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_templates_compile() {
        let set = TemplateSet::from_configs(&builtin_templates()).unwrap();
        assert_eq!(set.all().len(), 5);
        let versioned = set
            .get(&Uuid::parse_str(VERSIONED_SMS_TEMPLATE_ID).unwrap())
            .unwrap();
        assert_eq!(versioned.latest().unwrap().version, 2);
        assert_eq!(versioned.version(1).unwrap().body, "Version one");
        let email = set
            .get(&Uuid::parse_str(EMAIL_TEMPLATE_ID).unwrap())
            .unwrap();
        assert_eq!(
            email.latest().unwrap().placeholders,
            vec!["name".to_owned()]
        );
    }

    #[test]
    fn renders_placeholders_lists_and_conditionals() {
        let values = Values::from_entries(&[
            ("First Name".into(), Json::String("Amala".into())),
            (
                "items".into(),
                Json::Array(vec![
                    Json::String("a".into()),
                    Json::String("b".into()),
                    Json::String("c".into()),
                ]),
            ),
            ("show".into(), Json::Bool(true)),
        ]);
        assert_eq!(
            render(
                "Hi ((first_name)) (((show??yes)))",
                &values,
                ListStyle::Inline
            ),
            "Hi Amala (yes)"
        );
        assert_eq!(
            render("((items))", &values, ListStyle::Inline),
            "a, b and c"
        );
        assert_eq!(
            render("((items))", &values, ListStyle::Bullets),
            "* a\n* b\n* c"
        );
        assert_eq!(
            render("((missing))", &values, ListStyle::Bullets),
            "((missing))"
        );
    }

    #[test]
    fn counts_sms_fragments() {
        assert_eq!(sms_fragments(&"a".repeat(160)), 1);
        assert_eq!(sms_fragments(&"a".repeat(161)), 2);
        assert_eq!(sms_fragments(&"ŵ".repeat(71)), 2);
        assert_eq!(sms_character_count("[]"), (4, false));
    }
}
