//! Ours: CreateContact with `connect-sdk`. `bench` mode measures CPU per call against a transport
//! that answers at once; `floor` mode measures the least CPU any client must spend on the same
//! call (writing its JSON body and the SHA-256 work of its signature); otherwise it makes one
//! real call.

use connect_runtime::config::Config;
use connect_runtime::credentials::Credentials;
use connect_runtime::hash::sha256;
use connect_runtime::http::HttpResponse;
use connect_runtime::json::JsonWriter;
use connect_runtime::primitives::DateTime;
use connect_runtime::sigv4::{Signer, SigningSettings};
use connect_runtime::transport::{HttpTransport, OutgoingRequest, SendFuture};
use connect_sdk::client::Client;
use connect_sdk::operations::create_contact::CreateContactInput;
use connect_sdk::types::{Channel, ContactInitiationMethod};
use std::sync::{Arc, Mutex};

#[path = "../../common/measure.rs"]
mod measure;

/// Answers every request at once; keeps the last request when asked to.
#[derive(Debug, Default)]
struct Immediate {
    keep: bool,
    last: Mutex<Option<OutgoingRequest>>,
}

impl HttpTransport for Immediate {
    fn send(&self, request: OutgoingRequest) -> SendFuture<'_> {
        if self.keep {
            *self.last.lock().expect("last request") = Some(request);
        }
        Box::pin(async {
            Ok(HttpResponse {
                status: 200,
                headers: Vec::new(),
                body: br#"{"ContactId": "c-1", "ContactArn": "arn:aws:connect:us-east-1:1:instance/i/contact/c-1"}"#.to_vec(),
            })
        })
    }
}

fn credentials() -> Credentials {
    Credentials::new("AKIDEXAMPLE", "secret", None, None, "bench")
}

fn client(transport: Arc<Immediate>) -> Client {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(credentials())
        .transport(transport)
        .build()
        .expect("config");
    Client::new(&config)
}

/// The floor: for the request one call sends, the JSON writing of its body, the SHA-256 of the
/// body (the payload hash), of the canonical request and of the string to sign.
async fn floor_ns() -> u64 {
    let transport = Arc::new(Immediate {
        keep: true,
        ..Immediate::default()
    });
    let input = CreateContactInput::builder()
        .instance_id("12345678-1234-1234-1234-123456789012")
        .client_token("5a1d6c0e-3f0b-4c1e-9a59-2a3c4d5e6f70")
        .channel(Channel::Task)
        .initiation_method(ContactInitiationMethod::Api)
        .name("Follow up")
        .attributes("priority", "high")
        .build()
        .expect("input");
    client(transport.clone())
        .create_contact()
        .input(input.clone())
        .send()
        .await
        .expect("call");
    let sent = transport
        .last
        .lock()
        .expect("last request")
        .take()
        .expect("a request");
    let mut headers = sent.headers.clone();
    let signature = Signer::new("us-east-1", "connect", SigningSettings::default()).sign(
        sent.method,
        "/contact/create-contact",
        &mut headers,
        &sent.body,
        &credentials(),
        DateTime::from_secs(1_700_000_000),
    );
    // The body written field by field, as any writer of this JSON must (the crate's own writers
    // are not public); the same bytes the client sent.
    let write_body = || {
        let mut writer = JsonWriter::with_capacity(512);
        writer.begin_object();
        writer.key("InstanceId");
        writer.string(&input.instance_id);
        writer.key("ClientToken");
        writer.string(input.client_token.as_deref().unwrap_or_default());
        writer.key("Attributes");
        writer.begin_object();
        for (key, value) in input.attributes.iter().flatten() {
            writer.key(key);
            writer.string(value);
        }
        writer.end_object();
        writer.key("Channel");
        writer.string(input.channel.as_str());
        writer.key("InitiationMethod");
        writer.string(input.initiation_method.as_str());
        writer.key("Name");
        writer.string(input.name.as_deref().unwrap_or_default());
        writer.end_object();
        writer.finish()
    };
    assert_eq!(
        write_body(),
        sent.body,
        "the floor writes the body the client sent"
    );
    let work = || {
        let body = write_body();
        let hashes = (
            sha256(&body),
            sha256(signature.canonical_request.as_bytes()),
            sha256(signature.string_to_sign.as_bytes()),
        );
        std::hint::black_box((body, hashes));
        std::future::ready(Ok::<(), ()>(()))
    };
    measure::cpu_ns_per_call(work).await
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        match mode.as_str() {
            "bench" => {
                let client = client(Arc::new(Immediate::default()));
                let call = || {
                    client
                        .create_contact()
                        .instance_id("12345678-1234-1234-1234-123456789012")
                        .channel(Channel::Task)
                        .initiation_method(ContactInitiationMethod::Api)
                        .name("Follow up")
                        .attributes("priority", "high")
                        .send()
                };
                println!("{}", measure::cpu_ns_per_call(call).await);
            }
            "floor" => println!("{}", floor_ns().await),
            _ => {
                let config = match Config::load() {
                    Ok(config) => config,
                    Err(error) => {
                        eprintln!("{error}");
                        return;
                    }
                };
                let client = Client::new(&config);
                let result = client
                    .create_contact()
                    .instance_id(mode)
                    .channel(Channel::Task)
                    .initiation_method(ContactInitiationMethod::Api)
                    .send()
                    .await;
                match result {
                    Ok(output) => println!("{output:?}"),
                    Err(error) => eprintln!("{error}"),
                }
            }
        }
    });
}
