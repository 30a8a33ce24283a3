//! The reference: CreateContact with the official `aws-sdk-connect`. `bench` mode measures CPU per
//! call against an HTTP client that answers at once; otherwise it makes one real call.

use aws_sdk_connect::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_connect::types::{Channel, ContactInitiationMethod};
use aws_smithy_http_client::test_util::infallible_client_fn;

#[path = "../../common/measure.rs"]
mod measure;

fn main() {
    let bench = std::env::args().nth(1).as_deref() == Some("bench");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        if bench {
            let http = infallible_client_fn(|_request| {
                http::Response::builder()
                    .status(200)
                    .body(r#"{"ContactId": "c-1", "ContactArn": "arn:aws:connect:us-east-1:1:instance/i/contact/c-1"}"#)
                    .expect("response")
            });
            let config = aws_sdk_connect::Config::builder()
                .behavior_version(BehaviorVersion::latest())
                .region(Region::new("us-east-1"))
                .credentials_provider(Credentials::new("AKIDEXAMPLE", "secret", None, None, "bench"))
                .http_client(http)
                .build();
            let client = aws_sdk_connect::Client::from_conf(config);
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
            let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
            let client = aws_sdk_connect::Client::new(&config);
            let result = client
                .create_contact()
                .instance_id(std::env::args().nth(1).unwrap_or_default())
                .channel(Channel::Task)
                .initiation_method(ContactInitiationMethod::Api)
                .send()
                .await;
            println!("{result:?}");
        }
    });
}
