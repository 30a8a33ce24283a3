//! Model documentation (HTML) to rustdoc Markdown.
//!
//! Paragraphs, lists, links, code and emphasis are kept; square brackets are escaped so rustdoc
//! never reads them as intra-doc links; preformatted blocks are fenced as `text` so they are never
//! run as doctests. Unknown tags are dropped, their text kept.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes for the given Markdown lines.
pub fn attrs(markdown: &str) -> TokenStream {
    let lines = markdown
        .lines()
        .map(|line| format!(" {line}").trim_end().to_owned());
    quote! { #( #[doc = #lines] )* }
}

/// Documentation attributes from model HTML, or the fallback sentence when there is none.
pub fn from_model(html: Option<&str>, fallback: &str) -> TokenStream {
    let text = html.map(to_markdown).filter(|text| !text.trim().is_empty());
    attrs(text.as_deref().unwrap_or(fallback))
}

/// The indefinite article for a name as it is read aloud: `an` before a vowel sound
/// (`AccessDeniedException`, `HTTP`, `SMS`), `a` before a consonant sound (`UserInfo`, `Reference`).
pub fn article(name: &str) -> &'static str {
    let mut chars = name.chars();
    let (Some(first), second) = (chars.next(), chars.next()) else {
        return "a";
    };
    // Spelled-out acronyms: the letter's name decides (`an HTTP`, `a URL`).
    if first.is_ascii_uppercase() && second.is_some_and(|c| c.is_ascii_uppercase()) {
        return if "AEFHILMNORSX".contains(first) {
            "an"
        } else {
            "a"
        };
    }
    let lower = name.to_ascii_lowercase();
    let consonant_sound = [
        "uni", "use", "usa", "usu", "uti", "ura", "eu", "one", "once",
    ];
    if consonant_sound
        .iter()
        .any(|prefix| lower.starts_with(prefix))
    {
        return "a";
    }
    if "aeiou".contains(first.to_ascii_lowercase()) {
        "an"
    } else {
        "a"
    }
}

/// `name` with its indefinite article, as Markdown code (``an `AccessDeniedException` ``).
pub fn a_code(name: &str) -> String {
    format!("{} `{name}`", article(name))
}

/// Converts model HTML to Markdown.
pub fn to_markdown(html: &str) -> String {
    let mut out = Converter::default();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.text(&rest[..start]);
        let after = &rest[start..];
        match after.find('>') {
            Some(end) => {
                out.tag(&after[1..end]);
                rest = &after[end + 1..];
            }
            None => {
                out.text(after);
                rest = "";
            }
        }
    }
    out.text(rest);
    out.finish()
}

#[derive(Default)]
struct Converter {
    blocks: Vec<String>,
    current: String,
    list_depth: usize,
    in_pre: bool,
    in_code: bool,
    link: Option<String>,
}

impl Converter {
    fn text(&mut self, raw: &str) {
        let decoded = decode_entities(raw);
        if self.in_pre {
            self.current.push_str(&decoded);
            return;
        }
        let mut collapsed = String::new();
        let mut last_space = self.current.is_empty() || self.current.ends_with([' ', '\n']);
        for c in decoded.chars() {
            if c.is_whitespace() {
                if !last_space {
                    collapsed.push(' ');
                    last_space = true;
                }
                continue;
            }
            last_space = false;
            match c {
                '[' | ']' | '*' | '_' | '<' | '>' | '`' | '\\' if !self.in_code => {
                    collapsed.push('\\');
                    collapsed.push(c);
                }
                '`' => collapsed.push('\''),
                _ => collapsed.push(c),
            }
        }
        self.current.push_str(&collapsed);
    }

    fn flush(&mut self) {
        let block = self.current.trim_end().to_owned();
        self.current.clear();
        let content = block.trim_start();
        if content.is_empty() || content == "-" {
            return;
        }
        let is_item = content.starts_with("- ");
        match self.blocks.last_mut() {
            // Consecutive list items stay in one block so Markdown renders one tight list.
            Some(last) if is_item && self.list_depth > 0 && last.trim_start().starts_with("- ") => {
                last.push('\n');
                last.push_str(&block);
            }
            _ if is_item => self.blocks.push(block),
            _ => self.blocks.push(content.to_owned()),
        }
    }

    fn tag(&mut self, raw: &str) {
        let raw = raw.trim();
        let closing = raw.starts_with('/');
        let name: String = raw
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match (name.as_str(), closing) {
            // A paragraph right after an "Important:" marker continues its line.
            ("p" | "div" | "br", _)
                if self.current.trim_end().ends_with(":**") || self.current.trim() == "-" => {}
            ("p" | "div" | "br", _) => self.flush(),
            ("important" | "note", false) => {
                self.flush();
                self.current.push_str(if name == "important" {
                    "**Important:** "
                } else {
                    "**Note:** "
                });
            }
            ("important" | "note", true) => self.flush(),
            ("ul" | "ol", false) => {
                self.flush();
                self.list_depth += 1;
            }
            ("ul" | "ol", true) => {
                self.flush();
                self.list_depth = self.list_depth.saturating_sub(1);
            }
            ("li", false) => {
                self.flush();
                self.current
                    .push_str(&"  ".repeat(self.list_depth.saturating_sub(1)));
                self.current.push_str("- ");
            }
            ("li", true) => self.flush(),
            ("code", false) if !self.in_pre => {
                self.in_code = true;
                self.current.push('`');
            }
            ("code", true) if !self.in_pre => {
                self.in_code = false;
                self.current.push('`');
            }
            ("pre", false) => {
                self.flush();
                self.in_pre = true;
                self.current.push_str("```text\n");
            }
            ("pre", true) => {
                self.in_pre = false;
                let body = self.current.trim_end().to_owned();
                self.current = format!("{body}\n```");
                let block = std::mem::take(&mut self.current);
                self.blocks.push(block);
            }
            ("b" | "strong", _) => self.current.push_str("**"),
            ("i" | "em", _) => self.current.push('*'),
            ("a", false) => {
                self.link = attribute(raw, "href");
                self.current.push('[');
            }
            ("a", true) => match self.link.take() {
                Some(href) => {
                    self.current.push_str("](");
                    self.current
                        .push_str(&href.replace(' ', "%20").replace(')', "%29"));
                    self.current.push(')');
                }
                None => self.current.push(']'),
            },
            _ => {}
        }
    }

    fn finish(mut self) -> String {
        self.flush();
        self.blocks.join("\n\n")
    }
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!("{name}="))? + name.len() + 1;
    let rest = &tag[start..];
    let quote = rest.chars().next()?;
    if quote == '"' || quote == '\'' {
        let body = &rest[1..];
        body.find(quote).map(|end| decode_entities(&body[..end]))
    } else {
        Some(rest.split_whitespace().next().unwrap_or("").to_owned())
    }
}

fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::to_markdown;

    #[test]
    fn paragraphs_code_links_and_lists() {
        let html =
            "<p>Use <code>TASK</code> [here] with <a href=\"https://x.test/a\">the guide</a>.</p> \
                    <ul><li><p>one</p></li><li>two</li></ul><pre>fn main() {}</pre>";
        assert_eq!(
            to_markdown(html),
            "Use `TASK` \\[here\\] with [the guide](https://x.test/a).\n\n- one\n- two\n\n```text\nfn main() {}\n```"
        );
    }

    #[test]
    fn important_notes_are_marked() {
        assert_eq!(
            to_markdown("<important><p>Only TASK.</p></important><p>Next.</p>"),
            "**Important:** Only TASK.\n\nNext."
        );
    }
}
