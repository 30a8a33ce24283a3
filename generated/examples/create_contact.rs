//! Creates a task contact in an Amazon Connect instance, then reads it back with DescribeContact.
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
    match runtime.block_on(create_and_describe(&client, instance_id, name)) {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

/// Creates the contact, reads it back, and says what the service holds.
async fn create_and_describe(
    client: &Client,
    instance_id: String,
    name: String,
) -> Result<String, Box<dyn std::error::Error>> {
    let created = client
        .create_contact()
        .instance_id(instance_id.clone())
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
        .send()
        .await?;
    let contact_id = created
        .contact_id
        .ok_or("the service answered CreateContact without a ContactId")?;
    let described = client
        .describe_contact()
        .instance_id(instance_id)
        .contact_id(contact_id.clone())
        .send()
        .await?;
    let contact = described
        .contact
        .ok_or("the service answered DescribeContact without a Contact")?;
    Ok(format!(
        "created contact {contact_id}, read back: name {:?}, channel {}",
        contact.name.as_deref().unwrap_or(""),
        contact
            .channel
            .as_ref()
            .map_or("?", |channel| channel.as_str()),
    ))
}
