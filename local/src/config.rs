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
/// The published test key pair, accepted unless `--credentials` replaces it (or a service that
/// listens beyond loopback leaves it out).
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
    /// Connections served at once; further ones wait to be accepted (`--max-connections`).
    pub max_connections: usize,
}

/// Connections served at once unless `--max-connections` says otherwise.
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;

impl Default for Options {
    fn default() -> Self {
        Options {
            listen: DEFAULT_LISTEN
                .parse()
                .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 8421))),
            data: Some(PathBuf::from("connect-local.db")),
            instances: Vec::new(),
            keys: test_keys(),
            auth: true,
            faults: Faults::default(),
            rate: None,
            region: DEFAULT_REGION.to_owned(),
            max_connections: DEFAULT_MAX_CONNECTIONS,
        }
    }
}

pub const USAGE: &str = "\
usage: connect-local [--listen ADDR [--allow-remote]] [--data PATH | --memory]
                     [--instance ID[:ACCOUNT[:REGION]]]... [--config FILE]
                     [--credentials FILE] [--keep-test-keys] [--no-auth] [--region REGION]
                     [--faults SPEC] [--rate N] [--max-connections N]

Serves CreateContact and DescribeContact over HTTP on ADDR (default 127.0.0.1:8421; port 0 picks a
free one; the address is printed at start). An address other than loopback is refused unless
--allow-remote says the service is meant to be reachable from other machines. Contacts are kept in
the SQLite file PATH (default ./connect-local.db), or in memory with --memory. Without --instance
or --config, one instance exists: 00000000-0000-4000-8000-000000000001 (account 111122223333,
us-east-1). At most N connections (default 1024) are served at once.

Requests, /_local/faults among them, must be signed with SigV4 for the region (default us-east-1)
and the service `connect`, with the published test key pair AKIDLOCALCONNECT /
local-connect-test-secret, or with the keys of --credentials (lines of `ACCESS_KEY_ID
SECRET_ACCESS_KEY`), which replace the test pair. With --allow-remote the test pair is refused
unless --keep-test-keys keeps it. --no-auth turns checking off.
--config FILE reads instances from JSON: {\"instances\": [{\"id\": \"...\", \"account\": \"...\", \"region\": \"...\"}]}.
--faults throttle=0.2,internal=0.05,reset=0.05,reset-after-commit=0.05,latency=20ms injects faults,
drawn from `seed=N` when given (also at run time: POST /_local/faults with the same text; GET shows
them and how many of each were drawn); --rate N allows N requests per second
per account and throttles beyond it.";

/// Reads the command line (without the program name).
pub fn parse(words: &[String]) -> Result<Options, String> {
    let mut options = Options::default();
    let mut keys: Option<BTreeMap<String, String>> = None;
    let (mut allow_remote, mut keep_test_keys) = (false, false);
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
            "--credentials" => keys
                .get_or_insert_with(BTreeMap::new)
                .extend(credentials_file(Path::new(&value("--credentials")?))?),
            "--allow-remote" => allow_remote = true,
            "--keep-test-keys" => keep_test_keys = true,
            "--max-connections" => {
                let text = value("--max-connections")?;
                options.max_connections =
                    text.parse()
                        .ok()
                        .filter(|n: &usize| *n > 0)
                        .ok_or_else(|| {
                            format!("--max-connections takes a positive whole number, not `{text}`")
                        })?;
            }
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
    let remote = !options.listen.ip().is_loopback();
    if remote && !allow_remote {
        return Err(format!(
            "--listen {} is not a loopback address, so the service would be reachable from other \
             machines; add --allow-remote if that is meant (the published test key pair is then \
             refused unless --keep-test-keys keeps it)",
            options.listen
        ));
    }
    let keep_test_pair = keep_test_keys || (keys.is_none() && !remote);
    options.keys = keys.unwrap_or_default();
    if keep_test_pair {
        options.keys.extend(test_keys());
    }
    if options.auth && options.keys.is_empty() {
        return Err(
            "no access key would be accepted: give --credentials FILE (or --keep-test-keys)"
                .to_owned(),
        );
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

/// The published test key pair.
fn test_keys() -> BTreeMap<String, String> {
    BTreeMap::from([(DEFAULT_ACCESS_KEY.to_owned(), DEFAULT_SECRET_KEY.to_owned())])
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
        assert!(parse(&words(&["--max-connections", "0"])).is_err());
    }

    #[test]
    fn keys_and_remote_listening() {
        let dir = std::env::temp_dir().join(format!("connect-local-keys-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("keys");
        std::fs::write(&file, "AKIDMINE mysecret\n").unwrap();
        let file = file.to_str().unwrap();
        let key_ids = |list: &[&str]| -> Vec<String> {
            parse(&words(list)).unwrap().keys.into_keys().collect()
        };
        assert_eq!(key_ids(&[]), [DEFAULT_ACCESS_KEY]);
        assert_eq!(key_ids(&["--credentials", file]), ["AKIDMINE"]);
        assert_eq!(
            key_ids(&["--credentials", file, "--keep-test-keys"]),
            ["AKIDLOCALCONNECT", "AKIDMINE"]
        );
        let error = parse(&words(&["--listen", "0.0.0.0:8421"])).unwrap_err();
        assert!(error.contains("--allow-remote"), "{error}");
        let error = parse(&words(&["--listen", "0.0.0.0:8421", "--allow-remote"])).unwrap_err();
        assert!(error.contains("no access key would be accepted"), "{error}");
        assert_eq!(
            key_ids(&[
                "--listen",
                "0.0.0.0:8421",
                "--allow-remote",
                "--credentials",
                file
            ]),
            ["AKIDMINE"]
        );
        assert_eq!(
            key_ids(&[
                "--listen",
                "[::]:8421",
                "--allow-remote",
                "--keep-test-keys"
            ]),
            [DEFAULT_ACCESS_KEY]
        );
        assert!(parse(&words(&["--listen", "[::1]:0"])).is_ok());
    }
}
