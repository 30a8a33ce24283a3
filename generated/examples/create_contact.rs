//! Creates a task contact in an Amazon Connect instance.
//!
//! ```text
//! cargo run -p connect-sdk --example create_contact -- <instance-id> [name]
//! ```
//!
//! Region and credentials come from the usual places (`AWS_REGION`, `AWS_PROFILE`, `~/.aws/`,
//! ...); `AWS_ENDPOINT_URL` points it at a local endpoint.

use connect_runtime::config::Config;
use connect_sdk::client::Client;
use connect_sdk::types::{Channel, ContactInitiationMethod, SegmentAttributeValue};
use std::collections::BTreeMap;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(instance_id) = args.next() else {
        eprintln!("usage: create_contact <instance-id> [name]");
        return ExitCode::from(2);
    };
    let name = args
        .next()
        .unwrap_or_else(|| "Follow up with the customer".to_owned());
    let config = match Config::load() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let client = Client::new(&config);
    let call = client
        .create_contact()
        .instance_id(instance_id)
        .channel(Channel::Task)
        .initiation_method(ContactInitiationMethod::Api)
        .name(name)
        .segment_attributes(
            "connect:ContactExpiry",
            SegmentAttributeValue::ValueMap(BTreeMap::from([(
                "ExpiryDuration".to_owned(),
                SegmentAttributeValue::ValueInteger(135),
            )])),
        )
        .send();
    match runtime.block_on(call) {
        Ok(output) => {
            println!(
                "created contact {} ({})",
                output.contact_id.as_deref().unwrap_or("?"),
                output.contact_arn.as_deref().unwrap_or("?")
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}
