//! Ours: CreateContact with `connect-sdk`. `bench` mode measures CPU per call against a transport
//! that answers at once; otherwise it makes one real call.

use connect_runtime::config::Config;
use connect_runtime::credentials::Credentials;
use connect_runtime::http::HttpResponse;
use connect_runtime::transport::{HttpTransport, OutgoingRequest, SendFuture};
use connect_sdk::client::Client;
use connect_sdk::types::{Channel, ContactInitiationMethod};
use std::sync::Arc;

#[path = "../../common/measure.rs"]
mod measure;

#[derive(Debug)]
struct Immediate;

impl HttpTransport for Immediate {
    fn send(&self, _request: OutgoingRequest) -> SendFuture<'_> {
        Box::pin(async {
            Ok(HttpResponse {
                status: 200,
                headers: Vec::new(),
                body: br#"{"ContactId": "c-1", "ContactArn": "arn:aws:connect:us-east-1:1:instance/i/contact/c-1"}"#.to_vec(),
            })
        })
    }
}

fn main() {
    let bench = std::env::args().nth(1).as_deref() == Some("bench");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        if bench {
            let config = Config::builder()
                .region("us-east-1")
                .credentials(Credentials::new(
                    "AKIDEXAMPLE",
                    "secret",
                    None,
                    None,
                    "bench",
                ))
                .transport(Arc::new(Immediate))
                .build()
                .expect("config");
            let client = Client::new(&config);
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
        } else {
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
                .instance_id(std::env::args().nth(1).unwrap_or_default())
                .channel(Channel::Task)
                .initiation_method(ContactInitiationMethod::Api)
                .send()
                .await;
            match result {
                Ok(output) => println!("{output:?}"),
                Err(error) => eprintln!("{error}"),
            }
        }
    });
}
