//! restJson1 pieces that generated serializers and deserializers share.

use crate::encoding::{base64, timestamp};
use crate::http::HttpResponse;
use crate::json::{DeError, JsonReader, JsonWriter, Token};
use crate::primitives::{DateTime, Document, Number};
use std::collections::BTreeMap;

crate::macros::message_error!(
    /// A request that cannot be serialized (an unknown union member, an empty URI label, ...).
    SerializeError
);

/// Timestamp formats as they apply to JSON bodies, headers and query strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimestampFormat {
    EpochSeconds,
    DateTime,
    HttpDate,
}

/// Writes a timestamp into a JSON document.
pub fn write_timestamp(writer: &mut JsonWriter, time: &DateTime, format: TimestampFormat) {
    match format {
        TimestampFormat::EpochSeconds => writer.integer(timestamp::format_epoch_seconds(time)),
        TimestampFormat::DateTime => writer.string(&timestamp::format_date_time(time)),
        TimestampFormat::HttpDate => writer.string(&timestamp::format_http_date(time)),
    }
}

/// A timestamp as header or query text.
pub fn timestamp_text(time: &DateTime, format: TimestampFormat) -> String {
    match format {
        TimestampFormat::EpochSeconds => timestamp::format_epoch_seconds(time).to_string(),
        TimestampFormat::DateTime => timestamp::format_date_time(time),
        TimestampFormat::HttpDate => timestamp::format_http_date(time),
    }
}

/// Reads a timestamp from JSON: a number of epoch seconds, or text in the given format.
pub fn read_timestamp(
    reader: &mut JsonReader<'_>,
    format: TimestampFormat,
) -> Result<DateTime, DeError> {
    let start = reader.offset();
    if reader.peek()? == Token::Number {
        let seconds = reader.float()?;
        return DateTime::from_secs_f64(seconds)
            .ok_or_else(|| DeError::new("the timestamp is out of range", start));
    }
    let text = reader.string()?;
    parse_timestamp(&text, format)
        .ok_or_else(|| DeError::new(format!("`{text}` is not a timestamp"), start))
}

/// Parses header or query text as a timestamp of the given format.
pub fn parse_timestamp(text: &str, format: TimestampFormat) -> Option<DateTime> {
    match format {
        TimestampFormat::EpochSeconds => text
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(DateTime::from_secs_f64),
        TimestampFormat::DateTime => timestamp::parse_date_time(text),
        TimestampFormat::HttpDate => timestamp::parse_http_date(text),
    }
}

/// Reads a base64 blob.
pub fn read_blob(reader: &mut JsonReader<'_>) -> Result<Vec<u8>, DeError> {
    let start = reader.offset();
    let text = reader.string()?;
    base64::decode(&text).ok_or_else(|| DeError::new("the blob is not valid base64", start))
}

/// Writes a document value.
pub fn write_document(writer: &mut JsonWriter, document: &Document) {
    match document {
        Document::Null => writer.null(),
        Document::Bool(value) => writer.boolean(*value),
        Document::Number(Number::PosInt(value)) => writer.unsigned(*value),
        Document::Number(Number::NegInt(value)) => writer.integer(*value),
        Document::Number(Number::Float(value)) => writer.float(*value),
        Document::String(value) => writer.string(value),
        Document::Array(items) => {
            writer.begin_array();
            for item in items {
                writer.element();
                write_document(writer, item);
            }
            writer.end_array();
        }
        Document::Object(entries) => {
            writer.begin_object();
            for (key, value) in entries {
                writer.key(key);
                write_document(writer, value);
            }
            writer.end_object();
        }
    }
}

/// Reads any JSON value as a document. Nesting is bounded by the reader's depth limit.
pub fn read_document(reader: &mut JsonReader<'_>) -> Result<Document, DeError> {
    Ok(match reader.peek()? {
        Token::Null => {
            reader.take_null()?;
            Document::Null
        }
        Token::Bool => Document::Bool(reader.boolean()?),
        Token::String => Document::String(reader.string()?.into_owned()),
        Token::Number => {
            let text = reader.number_text()?;
            Document::Number(if let Ok(value) = text.parse::<u64>() {
                Number::PosInt(value)
            } else if let Ok(value) = text.parse::<i64>() {
                Number::NegInt(value)
            } else {
                Number::Float(
                    text.parse::<f64>()
                        .map_err(|_| reader.error("an invalid number"))?,
                )
            })
        }
        Token::Array => {
            reader.begin_array()?;
            let mut items = Vec::new();
            while reader.next_element()? {
                items.push(read_document(reader)?);
            }
            Document::Array(items)
        }
        Token::Object => {
            reader.begin_object()?;
            let mut entries = BTreeMap::new();
            while let Some(key) = reader.next_key()? {
                let key = key.into_owned();
                entries.insert(key, read_document(reader)?);
            }
            Document::Object(entries)
        }
    })
}

/// What an error response says about itself, found where botocore finds it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorMetadata {
    /// The error code: the `X-Amzn-ErrorType` header, else the body's `code` (or `Code`), else
    /// its `__type`, else the HTTP status code (`502`); with any namespace (`ns#`) and any suffix
    /// after `:` removed.
    pub code: Option<String>,
    /// The body's `message` (else `Message`); a body that is not JSON is the message itself; a
    /// 5xx answer with an empty or HTML body has the status's reason phrase (`Bad Gateway`).
    pub message: Option<String>,
}

/// The JSON document of a response body: the body itself, or `{}` when it is empty or blank.
pub fn json_document(body: &[u8]) -> &[u8] {
    if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        body
    }
}

/// Reads the code and message of an error response as botocore's restJson1 parser does, so that
/// an error the model does not know reads the same in the client and in the AWS CLI.
pub fn error_metadata(response: &HttpResponse) -> ErrorMetadata {
    let status = response.status.to_string();
    let trimmed = response.body.trim_ascii();
    // A generic answer from something in front of the service (a proxy, a load balancer). One
    // that names its error in `X-Amzn-ErrorType` is the service's own and is read below (the
    // restJson1 conformance cases; botocore reports the status there too).
    let named = response.header("x-amzn-errortype").is_some();
    if response.status >= 500 && !named && (trimmed.is_empty() || trimmed.starts_with(b"<html>")) {
        let reason = http::StatusCode::from_u16(response.status)
            .ok()
            .and_then(|code| code.canonical_reason())
            .unwrap_or("");
        return ErrorMetadata {
            code: Some(status),
            message: Some(reason.to_owned()),
        };
    }
    let fields = body_fields(&response.body);
    let message = fields
        .message
        .or(fields.capital_message)
        .unwrap_or_default();
    let code = match response.header("x-amzn-errortype") {
        Some(header) => header.to_owned(),
        None => fields
            .code
            .or(fields.capital_code)
            .or(fields.type_name)
            .unwrap_or(status),
    };
    ErrorMetadata {
        code: Some(sanitize_error_code(&code)),
        message: Some(message),
    }
}

/// The string members of an error body that name its code and message.
#[derive(Default)]
struct BodyFields {
    code: Option<String>,
    capital_code: Option<String>,
    type_name: Option<String>,
    message: Option<String>,
    capital_message: Option<String>,
}

/// Reads the fields of a JSON object body. An empty body has none; a body that is not JSON is
/// the message; a JSON value other than an object has none.
fn body_fields(body: &[u8]) -> BodyFields {
    if body.is_empty() {
        return BodyFields::default();
    }
    read_fields(body).unwrap_or_else(|| BodyFields {
        message: Some(String::from_utf8_lossy(body).into_owned()),
        ..BodyFields::default()
    })
}

/// The fields of a body that is one whole JSON document; `None` when it is not one.
fn read_fields(body: &[u8]) -> Option<BodyFields> {
    let mut reader = JsonReader::new(body).ok()?;
    let mut fields = BodyFields::default();
    if reader.peek().ok()? != Token::Object {
        reader.skip().ok()?;
        reader.end().ok()?;
        return Some(fields);
    }
    reader.begin_object().ok()?;
    while let Some(key) = reader.next_key().ok()? {
        let slot = match key.as_ref() {
            "code" => &mut fields.code,
            "Code" => &mut fields.capital_code,
            "__type" => &mut fields.type_name,
            "message" => &mut fields.message,
            "Message" => &mut fields.capital_message,
            _ => {
                reader.skip().ok()?;
                continue;
            }
        };
        if reader.peek().ok()? == Token::String {
            // A repeated key: the last one wins, as in Python's `json.loads`.
            *slot = Some(reader.string().ok()?.into_owned());
        } else {
            reader.skip().ok()?;
        }
    }
    reader.end().ok()?;
    Some(fields)
}

/// `aws.protocoltests.restjson#FooError:http://internal` becomes `FooError`.
pub fn sanitize_error_code(raw: &str) -> String {
    let before_colon = raw.split(':').next().unwrap_or(raw);
    let after_hash = before_colon.rsplit('#').next().unwrap_or(before_colon);
    after_hash.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(headers: &[(&str, &str)], body: &str) -> HttpResponse {
        HttpResponse {
            status: 400,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn error_codes_come_from_header_then_body() {
        let meta = error_metadata(&response(
            &[("X-Amzn-Errortype", "FooError:http://internal/")],
            r#"{"code": "Other"}"#,
        ));
        assert_eq!(meta.code.as_deref(), Some("FooError"));
        assert_eq!(meta.message.as_deref(), Some(""));
        let meta = error_metadata(&response(
            &[],
            r#"{"__type": "aws.protocoltests.restjson#FooError", "Message": "m"}"#,
        ));
        assert_eq!(meta.code.as_deref(), Some("FooError"));
        assert_eq!(meta.message.as_deref(), Some("m"));
        // `code` wins over `__type`, `message` over `Message`, wherever they are in the body.
        let meta = error_metadata(&response(
            &[],
            r#"{"Message": "upper", "__type": "A", "code": "ThrottlingException", "message": "slow"}"#,
        ));
        assert_eq!(meta.code.as_deref(), Some("ThrottlingException"));
        assert_eq!(meta.message.as_deref(), Some("slow"));
        let meta = error_metadata(&response(&[], r#"{"Code": "B#Upper:x"}"#));
        assert_eq!(meta.code.as_deref(), Some("Upper"));
    }

    #[test]
    fn without_a_code_the_status_is_the_code() {
        let status = |status: u16, body: &str| HttpResponse {
            status,
            ..response(&[], body)
        };
        let meta = error_metadata(&status(502, "<html>bad gateway</html>"));
        assert_eq!(meta.code.as_deref(), Some("502"));
        assert_eq!(meta.message.as_deref(), Some("Bad Gateway"));
        let meta = error_metadata(&status(503, ""));
        assert_eq!(meta.code.as_deref(), Some("503"));
        assert_eq!(meta.message.as_deref(), Some("Service Unavailable"));
        let meta = error_metadata(&status(400, "not json"));
        assert_eq!(meta.code.as_deref(), Some("400"));
        assert_eq!(meta.message.as_deref(), Some("not json"));
        let meta = error_metadata(&status(400, r#"{"message": "lower"}"#));
        assert_eq!(meta.code.as_deref(), Some("400"));
        assert_eq!(meta.message.as_deref(), Some("lower"));
        let meta = error_metadata(&status(400, ""));
        assert_eq!(meta.code.as_deref(), Some("400"));
        assert_eq!(meta.message.as_deref(), Some(""));
        let meta = error_metadata(&status(400, "[1, 2]"));
        assert_eq!(meta.code.as_deref(), Some("400"));
        // A 5xx with a JSON body is read like any other.
        let meta = error_metadata(&status(500, r#"{"message": "boom"}"#));
        assert_eq!(meta.code.as_deref(), Some("500"));
        assert_eq!(meta.message.as_deref(), Some("boom"));
        // An empty 5xx that names its error is the service's.
        let named = HttpResponse {
            status: 500,
            ..response(&[("X-Amzn-Errortype", "FooError")], "")
        };
        let meta = error_metadata(&named);
        assert_eq!(meta.code.as_deref(), Some("FooError"));
        assert_eq!(meta.message.as_deref(), Some(""));
    }
}
