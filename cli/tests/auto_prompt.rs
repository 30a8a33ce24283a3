//! `--cli-auto-prompt` used as a person uses it: `connect` runs in a real terminal (a tmux pane),
//! keys are typed with `send-keys` and the screen is read with `capture-pane`. The prompt
//! completes `--chan` to `--channel`, offers TASK among the channel's values, shows the selected
//! option's documentation, refuses bad shorthand before running, and runs the finished line
//! against `connect-local`. Without a terminal, the prompt is refused.

mod support;

use connect_local::config::DEFAULT_INSTANCE;
use std::process::Command;
use std::time::{Duration, Instant};
use support::{connect, local_env, scratch, start_local};

/// One tmux server of its own (its socket in a scratch directory), killed when dropped.
struct Terminal {
    socket: std::path::PathBuf,
}

impl Terminal {
    fn tmux(&self, args: &[&str]) -> String {
        let output = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux is installed (scripts/test.sh installs it)");
        assert!(
            output.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "prompt"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    fn text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "prompt", "-l", "--", text]);
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-J", "-t", "prompt"])
    }

    /// Waits until the screen shows what `ready` looks for; the screen at that point.
    fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "the screen never showed {what}:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
    }
}

#[test]
fn the_prompt_completes_documents_checks_and_runs_the_command() {
    let (url, service) = start_local(None);
    let dir = scratch("auto-prompt");
    let home = scratch("auto-prompt-home");
    let env: String = local_env(&url, &home)
        .iter()
        .map(|(key, value)| format!("{key}='{value}' "))
        .collect();
    let program = env!("CARGO_BIN_EXE_connect");
    let script = format!(
        "env -i PATH=/usr/bin:/bin TERM=xterm {env}{program} create-contact --cli-auto-prompt \
         --instance-id {DEFAULT_INSTANCE} --initiation-method API; echo \"exit status $?\"; sleep 600"
    );
    let terminal = Terminal {
        socket: dir.join("tmux.sock"),
    };
    terminal.tmux(&[
        "new-session",
        "-d",
        "-s",
        "prompt",
        "-x",
        "200",
        "-y",
        "50",
        &script,
    ]);
    terminal.wait_for("the prompt", |s| s.contains("connect> create-contact"));

    // An option name completes as it is typed.
    terminal.text("--chan");
    terminal.keys(&["Tab"]);
    terminal.wait_for("--channel completed", |s| {
        s.contains("--initiation-method API --channel")
    });

    // The option's type, constraints and documentation show beside the line.
    let screen = terminal.wait_for("the documentation of --channel", |s| {
        s.contains("string, required; one of")
    });
    assert!(screen.contains("TASK"), "{screen}");

    // Its values are offered.
    terminal.keys(&["Tab"]);
    terminal.keys(&["Tab"]);
    let screen = terminal.wait_for("the channel's values", |s| {
        s.lines()
            .any(|line| line.contains("TASK") && line.contains("CHAT"))
    });
    assert!(screen.contains("VOICE"), "{screen}");
    terminal.text("TAS");
    terminal.keys(&["Tab"]);
    terminal.wait_for("TASK completed", |s| s.contains("--channel TASK"));

    // Bad shorthand is refused before anything is sent.
    terminal.text("--references x={Value=1");
    terminal.keys(&["Enter"]);
    terminal.wait_for("the shorthand error", |s| {
        s.contains("Error parsing parameter '--references'")
    });
    assert_eq!(service.store.count(DEFAULT_INSTANCE).unwrap(), 0);
    for _ in 0.."--references x={Value=1".len() {
        terminal.keys(&["BSpace"]);
    }
    terminal.text("--name 'From the prompt'");
    terminal.keys(&["Enter"]);

    // The line runs, is printed for reuse, and its contact is stored.
    let screen = terminal.wait_for("the command's end", |s| s.contains("exit status"));
    assert!(screen.contains("exit status 0"), "{screen}");
    assert!(
        screen.contains(&format!(
            "connect create-contact --instance-id {DEFAULT_INSTANCE} --initiation-method API \
             --channel TASK --name 'From the prompt'"
        )),
        "{screen}"
    );
    assert!(screen.contains("\"ContactId\""), "{screen}");
    assert_eq!(service.store.count(DEFAULT_INSTANCE).unwrap(), 1);
}

#[test]
fn without_a_terminal_the_prompt_is_refused_and_no_cli_auto_prompt_wins() {
    let home = scratch("auto-prompt-no-tty");
    let refusing = connect_test_support::refusing_address();
    let env = local_env(&refusing.url(), &home);
    let words = |list: &[&str]| list.iter().map(|w| (*w).to_owned()).collect::<Vec<_>>();
    let refused = connect(&words(&["create-contact", "--cli-auto-prompt"]), &env);
    assert_eq!(refused.code, 252, "{}", refused.stderr);
    assert!(
        refused
            .stderr
            .contains("--cli-auto-prompt needs a terminal"),
        "{}",
        refused.stderr
    );

    let mut setting = env.clone();
    setting.push(("AWS_CLI_AUTO_PROMPT".into(), "on".into()));
    let refused = connect(
        &words(&["create-contact", "--generate-cli-skeleton"]),
        &setting,
    );
    assert_eq!(refused.code, 252, "{}", refused.stderr);
    let skeleton = connect(
        &words(&[
            "create-contact",
            "--generate-cli-skeleton",
            "--no-cli-auto-prompt",
        ]),
        &setting,
    );
    assert_eq!(skeleton.code, 0, "{}", skeleton.stderr);

    // on-partial prompts only for a line that cannot run as it is.
    let mut partial = env.clone();
    partial.push(("AWS_CLI_AUTO_PROMPT".into(), "on-partial".into()));
    let complete = connect(
        &words(&["create-contact", "--generate-cli-skeleton"]),
        &partial,
    );
    assert_eq!(complete.code, 0, "{}", complete.stderr);
    let incomplete = connect(&words(&["create-contact", "--channel", "TASK"]), &partial);
    assert_eq!(incomplete.code, 252, "{}", incomplete.stderr);
    assert!(
        incomplete.stderr.contains("needs a terminal"),
        "{}",
        incomplete.stderr
    );
}
