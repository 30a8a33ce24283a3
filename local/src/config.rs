//! The service's settings: where it listens, where it keeps contacts, which instances exist, which
//! access keys sign requests, and how it misbehaves on request.

use crate::faults::Faults;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// The address the service listens on unless told otherwise.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8421";
/// The instance that exists when none is configured.
pub const DEFAULT_INSTANCE: &str = "00000000-0000-4000-8000-000000000001";
/// The account and region of instances that do not name theirs.
pub const DEFAULT_ACCOUNT: &str = "111122223333";
pub const DEFAULT_REGION: &str = "us-east-1";
/// The test key pair every service accepts unless `--no-auth` turns checking off.
pub const DEFAULT_ACCESS_KEY: &str = "AKIDLOCALCONNECT";
pub const DEFAULT_SECRET_KEY: &str = "local-connect-test-secret";

/// An Amazon Connect instance the service knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instance {
    pub id: String,
    pub account: String,
    pub region: String,
}

/// Everything the service is started with.
#[derive(Clone, Debug)]
pub struct Options {
    pub listen: SocketAddr,
    /// The SQLite file; `None` keeps contacts in memory only (`--memory`).
    pub data: Option<PathBuf>,
    pub instances: Vec<Instance>,
    /// Secret access keys by access key id.
    pub keys: BTreeMap<String, String>,
    /// Whether signatures are checked (`--no-auth` turns it off).
    pub auth: bool,
    pub faults: Faults,
    /// Requests per second allowed per account (`--rate`), beyond which requests are throttled.
    pub rate: Option<f64>,
    /// The region requests must be signed for.
    pub region: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            listen: DEFAULT_LISTEN
                .parse()
                .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 8421))),
            data: Some(PathBuf::from("connect-local.db")),
            instances: Vec::new(),
            keys: BTreeMap::from([(DEFAULT_ACCESS_KEY.to_owned(), DEFAULT_SECRET_KEY.to_owned())]),
            auth: true,
            faults: Faults::default(),
            rate: None,
            region: DEFAULT_REGION.to_owned(),
        }
    }
}

pub const USAGE: &str = "\
usage: connect-local [--listen ADDR] [--data PATH | --memory] [--instance ID[:ACCOUNT[:REGION]]]...
                     [--config FILE] [--credentials FILE] [--no-auth] [--region REGION]
                     [--faults SPEC] [--rate N]

Serves CreateContact and DescribeContact over HTTP on ADDR (default 127.0.0.1:8421; port 0 picks a
free one; the address is printed at start). Contacts are kept in the SQLite file PATH (default
./connect-local.db), or in memory with --memory. Without --instance or --config, one instance exists:
00000000-0000-4000-8000-000000000001 (account 111122223333, us-east-1).

Requests must be signed with SigV4 for the region (default us-east-1) and the service `connect`,
with the test key pair AKIDLOCALCONNECT / local-connect-test-secret or a key from --credentials
(lines of `ACCESS_KEY_ID SECRET_ACCESS_KEY`); --no-auth turns checking off.
--config FILE reads instances from JSON: {\"instances\": [{\"id\": \"...\", \"account\": \"...\", \"region\": \"...\"}]}.
--faults throttle=0.2,internal=0.05,reset=0.05,reset-after-commit=0.05,latency=20ms injects faults
(also at run time: POST /_local/faults with the same text); --rate N allows N requests per second
per account and throttles beyond it.";

/// Reads the command line (without the program name).
pub fn parse(words: &[String]) -> Result<Options, String> {
    let mut options = Options::default();
    let mut words = words.iter();
    while let Some(word) = words.next() {
        let mut value = |name: &str| {
            words
                .next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match word.as_str() {
            "--listen" => {
                let text = value("--listen")?;
                options.listen = text.parse().map_err(|_| {
                    format!("--listen takes an address such as 127.0.0.1:8421, not `{text}`")
                })?;
            }
            "--data" => options.data = Some(PathBuf::from(value("--data")?)),
            "--memory" => options.data = None,
            "--instance" => options.instances.push(instance(&value("--instance")?)?),
            "--config" => options
                .instances
                .extend(config_file(Path::new(&value("--config")?))?),
            "--credentials" => options
                .keys
                .extend(credentials_file(Path::new(&value("--credentials")?))?),
            "--no-auth" => options.auth = false,
            "--region" => options.region = value("--region")?,
            "--faults" => options.faults = Faults::parse(&value("--faults")?)?,
            "--rate" => {
                let text = value("--rate")?;
                let rate: f64 = text
                    .parse()
                    .ok()
                    .filter(|r: &f64| r.is_finite() && *r > 0.0)
                    .ok_or_else(|| {
                        format!(
                            "--rate takes a positive number of requests per second, not `{text}`"
                        )
                    })?;
                options.rate = Some(rate);
            }
            "--help" | "-h" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if options.instances.is_empty() {
        options.instances.push(Instance {
            id: DEFAULT_INSTANCE.to_owned(),
            account: DEFAULT_ACCOUNT.to_owned(),
            region: options.region.clone(),
        });
    }
    Ok(options)
}

fn instance(text: &str) -> Result<Instance, String> {
    let mut parts = text.split(':');
    let id = parts.next().unwrap_or_default();
    if id.is_empty() || id.len() > 100 {
        return Err(format!(
            "--instance takes ID[:ACCOUNT[:REGION]], not `{text}`"
        ));
    }
    Ok(Instance {
        id: id.to_owned(),
        account: parts.next().unwrap_or(DEFAULT_ACCOUNT).to_owned(),
        region: parts.next().unwrap_or(DEFAULT_REGION).to_owned(),
    })
}

fn config_file(path: &Path) -> Result<Vec<Instance>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let list = value["instances"]
        .as_array()
        .ok_or_else(|| format!("{}: needs a list `instances`", path.display()))?;
    list.iter()
        .enumerate()
        .map(|(index, item)| {
            let field = |key: &str, default: &str| match item.get(key) {
                None => Ok(default.to_owned()),
                Some(serde_json::Value::String(text)) => Ok(text.clone()),
                Some(_) => Err(format!(
                    "{}: instances[{index}].{key} must be a string",
                    path.display()
                )),
            };
            let id = field("id", "")?;
            if id.is_empty() {
                return Err(format!(
                    "{}: instances[{index}] needs an `id`",
                    path.display()
                ));
            }
            Ok(Instance {
                id,
                account: field("account", DEFAULT_ACCOUNT)?,
                region: field("region", DEFAULT_REGION)?,
            })
        })
        .collect()
}

fn credentials_file(path: &Path) -> Result<BTreeMap<String, String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut keys = BTreeMap::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split_whitespace();
        match (parts.next(), parts.next(), parts.next()) {
            (Some(id), Some(secret), None) => {
                keys.insert(id.to_owned(), secret.to_owned());
            }
            _ => {
                return Err(format!(
                    "{}:{}: expected `ACCESS_KEY_ID SECRET_ACCESS_KEY`",
                    path.display(),
                    number + 1
                ))
            }
        }
    }
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn options_and_their_defaults() {
        let options = parse(&[]).unwrap();
        assert_eq!(options.listen.to_string(), DEFAULT_LISTEN);
        assert_eq!(options.instances[0].id, DEFAULT_INSTANCE);
        assert!(options.auth);
        let options = parse(&words(&[
            "--listen",
            "127.0.0.1:0",
            "--memory",
            "--instance",
            "abc:222:eu-west-1",
            "--no-auth",
            "--rate",
            "200",
        ]))
        .unwrap();
        assert_eq!(options.data, None);
        assert_eq!(
            options.instances,
            [Instance {
                id: "abc".into(),
                account: "222".into(),
                region: "eu-west-1".into()
            }]
        );
        assert!(!options.auth);
        assert_eq!(options.rate, Some(200.0));
        assert!(parse(&words(&["--rate", "-1"])).is_err());
        assert!(parse(&words(&["--listen", "nowhere"])).is_err());
        assert!(parse(&words(&["--bogus"])).is_err());
    }
}
