//! The generated tables: every subcommand, its options and shapes, and the glue to the client.

include!(concat!(env!("OUT_DIR"), "/commands.rs"));

/// The subcommand of this name.
pub fn find(name: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|command| command.name == name)
}
