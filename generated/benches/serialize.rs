//! CreateContact serialization speed: a typical request and a 4 KiB request with deeply nested
//! SegmentAttributes. Run with `cargo bench -p connect-sdk --bench serialize`; prints ns per
//! request and throughput for serialization alone and with validation, and for the 4 KiB body the
//! throughput of copying the same number of bytes (into a fresh buffer, as serializing writes
//! one), measured in the same run, with the serializer's fraction of it.

use connect_sdk::operations::create_contact::{self, CreateContactInput};
use connect_sdk::types::{
    Channel, ContactInitiationMethod, Reference, ReferenceType, SegmentAttributeValue,
};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

fn typical() -> CreateContactInput {
    CreateContactInput::builder()
        .instance_id("12345678-1234-1234-1234-123456789012")
        .client_token("5a1d6c0e-3f0b-4c1e-9a59-2a3c4d5e6f70")
        .channel(Channel::Task)
        .initiation_method(ContactInitiationMethod::Api)
        .name("Follow up on order 1234")
        .description("Customer asked for a call back about a late delivery.")
        .attributes("customerId", "c-998877")
        .attributes("priority", "high")
        .references(
            "order",
            Reference::builder()
                .value("https://example.com/orders/1234")
                .r#type(ReferenceType::Url)
                .build()
                .unwrap(),
        )
        .segment_attributes(
            "connect:ContactExpiry",
            SegmentAttributeValue::ValueMap(BTreeMap::from([(
                "ExpiryDuration".to_owned(),
                SegmentAttributeValue::ValueInteger(135),
            )])),
        )
        .build()
        .unwrap()
}

fn nested(depth: usize, breadth: usize) -> SegmentAttributeValue {
    if depth == 0 {
        return SegmentAttributeValue::ValueString("leaf value".to_owned());
    }
    if depth % 2 == 0 {
        SegmentAttributeValue::ValueList((0..breadth).map(|_| nested(depth - 1, breadth)).collect())
    } else {
        SegmentAttributeValue::ValueMap(
            (0..breadth)
                .map(|i| (format!("key{i}"), nested(depth - 1, breadth)))
                .collect(),
        )
    }
}

fn large() -> CreateContactInput {
    let mut builder = CreateContactInput::builder()
        .instance_id("12345678-1234-1234-1234-123456789012")
        .client_token("5a1d6c0e-3f0b-4c1e-9a59-2a3c4d5e6f70")
        .channel(Channel::Task)
        .initiation_method(ContactInitiationMethod::Api);
    for i in 0..2 {
        builder = builder.segment_attributes(format!("custom:attr{i}"), nested(5, 2));
    }
    builder.build().unwrap()
}

/// The best time of five runs of `iterations` calls to `work`, with enough iterations for each
/// run to last at least 200 ms; in ns per call.
fn best_ns(mut work: impl FnMut()) -> f64 {
    let mut run = |iterations: u32| {
        let start = Instant::now();
        for _ in 0..iterations {
            work();
        }
        start.elapsed()
    };
    run(1000);
    let mut iterations = 1000u32;
    while run(iterations) < Duration::from_millis(200) {
        iterations *= 2;
    }
    let best = (0..5).map(|_| run(iterations)).min().unwrap_or_default();
    best.as_nanos() as f64 / f64::from(iterations)
}

fn mib_per_s(bytes: usize, ns: f64) -> f64 {
    bytes as f64 / ns * 1e9 / (1024.0 * 1024.0)
}

/// Serializes (and validates first, when asked) `input`; prints and returns its throughput.
fn measure(name: &str, input: &CreateContactInput, validate: bool) -> f64 {
    let bytes = create_contact::serialize_request(input).unwrap().body.len();
    let ns = best_ns(|| {
        let input = black_box(input);
        if validate {
            input.validate().unwrap();
        }
        black_box(create_contact::serialize_request(input).unwrap());
    });
    let what = if validate {
        "validate + serialize"
    } else {
        "serialize"
    };
    let throughput = mib_per_s(bytes, ns);
    println!(
        "{name:>8} ({bytes:>5} B body) {what:<22} {ns:>9.0} ns/request {throughput:>8.1} MiB/s"
    );
    throughput
}

/// Copying `bytes` bytes into a new buffer: what writing a body of that size costs at the least.
fn memcpy(bytes: usize) -> f64 {
    let source = vec![b'x'; bytes];
    let ns = best_ns(|| {
        black_box(black_box(source.as_slice()).to_vec());
    });
    let throughput = mib_per_s(bytes, ns);
    println!(
        "{:>8} ({bytes:>5} B)      {:<22} {ns:>9.0} ns/copy    {throughput:>8.1} MiB/s",
        "memcpy", "copy into a new buffer"
    );
    throughput
}

fn main() {
    let typical = typical();
    let large = large();
    measure("typical", &typical, false);
    measure("typical", &typical, true);
    let serialized = measure("4 KiB", &large, false);
    measure("4 KiB", &large, true);
    let bytes = create_contact::serialize_request(&large)
        .unwrap()
        .body
        .len();
    let copied = memcpy(bytes);
    println!(
        "4 KiB serializer: {:.1}% of memcpy ({serialized:.0} MiB/s against {copied:.0} MiB/s)",
        serialized / copied * 100.0
    );
}
