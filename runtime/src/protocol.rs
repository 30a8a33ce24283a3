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

/// What an error response says about itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorMetadata {
    /// The error code: from `X-Amzn-ErrorType`, else the body's `__type` or `code`, with any
    /// namespace (`ns#`) and any suffix after `:` removed.
    pub code: Option<String>,
    /// The body's `message` (or `Message`, `errorMessage`).
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

/// Reads the code and message of an error response. A body that is not a JSON object still gives
/// the header's code.
pub fn error_metadata(response: &HttpResponse) -> ErrorMetadata {
    let mut metadata = ErrorMetadata {
        code: response
            .header("x-amzn-errortype")
            .map(sanitize_error_code)
            .filter(|c| !c.is_empty()),
        message: None,
    };
    let Ok(mut reader) = JsonReader::new(&response.body) else {
        return metadata;
    };
    if reader.peek().ok() != Some(Token::Object) || reader.begin_object().is_err() {
        return metadata;
    }
    let mut body_code = None;
    while let Ok(Some(key)) = reader.next_key() {
        let is_string = reader.peek().ok() == Some(Token::String);
        match key.as_ref() {
            "__type" | "code" if is_string && body_code.is_none() => {
                body_code = reader.string().ok().map(|c| c.into_owned())
            }
            "message" | "Message" | "errorMessage" if is_string && metadata.message.is_none() => {
                metadata.message = reader.string().ok().map(|m| m.into_owned())
            }
            _ => {
                if reader.skip().is_err() {
                    break;
                }
            }
        }
    }
    if metadata.code.is_none() {
        metadata.code = body_code
            .map(|code| sanitize_error_code(&code))
            .filter(|c| !c.is_empty());
    }
    metadata
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
            "{}",
        ));
        assert_eq!(meta.code.as_deref(), Some("FooError"));
        let meta = error_metadata(&response(
            &[],
            r#"{"__type": "aws.protocoltests.restjson#FooError", "Message": "m"}"#,
        ));
        assert_eq!(meta.code.as_deref(), Some("FooError"));
        assert_eq!(meta.message.as_deref(), Some("m"));
        let meta = error_metadata(&response(
            &[],
            r#"{"code": "ThrottlingException", "message": "slow"}"#,
        ));
        assert_eq!(meta.code.as_deref(), Some("ThrottlingException"));
        let meta = error_metadata(&response(&[], "<html>bad gateway</html>"));
        assert_eq!(meta, ErrorMetadata::default());
    }
}
