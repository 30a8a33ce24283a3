#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| connect_fuzz_harness::yaml_input(data));
