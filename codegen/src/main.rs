//! `connect-codegen`: writes a complete client crate for chosen operations of a service model.

use connect_codegen::diff::{Class, OutputFormat};
use connect_codegen::{write, Format, Layout, Settings};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage: connect-codegen --model PATH --out DIR [--format smithy|botocore] [--operation NAME]...
                       [--tagged-union SHAPE]... [--settings FILE] [--crate-name NAME]
                       [--layout crate|out-dir] [--cli-tables CLIENT_CRATE] [--runtime-path DIR]

Writes a crate (Cargo.toml and src/) holding the chosen operations of the model; without
--operation, every operation of the service. --format defaults to what the file looks like.
--tagged-union marks a structure whose members are alternatives as a union (repeatable);
--settings reads operations and tagged unions from a JSON settings file.
The crate depends on connect-runtime from the registry, at the generator's own version;
--runtime-path DIR makes it a path dependency on a checkout of the runtime instead.
--layout out-dir writes only the sources, in the form a build script puts into OUT_DIR (used for
the reviewed snapshot of connect-sdk); stale generated files in DIR are removed.
--cli-tables writes instead the command-line tables (commands.rs) of a `connect`-style command
built on the client crate CLIENT_CRATE generated from the same model and settings.

usage: connect-codegen diff --old PATH --new PATH [--operation NAME]... [--tagged-union SHAPE]...
                            [--settings FILE] [--format text|json] [--fail-on breaking|any]
                            [--verbose] [--ignore-docs]

Compares what two models (each Smithy JSON AST or botocore) mean for the generated crate: every
change, classified breaking, additive, behavioural or docs, and the semver verdict. Exits 3 when
--fail-on finds a breaking change (or, with `any`, any change). Documentation changes are counted;
--verbose lists them, --ignore-docs leaves them out.

usage: connect-codegen update --upstream PATH [--format smithy|botocore] [--workspace DIR] [--check]

Brings the curated model (generated/model/) up to date with an upstream model (botocore
service-2.json or Smithy JSON AST) for the operations its settings select: upstream's shapes,
members, constraints, enum values, traits and endpoint ruleset, the project's documentation kept
where its shape or member still exists. Prints the change report, then refreshes the client and
command snapshots, the pinned upstream copy under upstream/models/, the versions of connect-sdk
and connect-cli the change implies, and CHANGELOG.md. --check changes nothing and exits 1 when
any of those files is not what the upstream model implies. --workspace defaults to `.`.";

/// What `diff --fail-on` fails on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FailOn {
    Breaking,
    Any,
}

struct DiffArgs {
    old: PathBuf,
    new: PathBuf,
    settings: SettingsArgs,
    format: OutputFormat,
    fail_on: Option<FailOn>,
    verbose: bool,
    ignore_docs: bool,
}

/// Exit status of `diff` when `--fail-on` finds what it looks for.
const DIFF_FAILED: u8 = 3;

/// Where the settings come from: a file, and operations and tagged unions named on the command
/// line. Read when the command runs, so that an unreadable file is reported as such, not as a
/// command-line mistake.
struct SettingsArgs {
    file: Option<PathBuf>,
    operations: Vec<String>,
    tagged: Vec<String>,
}

impl SettingsArgs {
    /// The settings file, if any, with the operations and tagged unions named on the command line.
    fn load(self) -> Result<Settings, String> {
        let mut settings = match &self.file {
            Some(path) => Settings::load(path).map_err(|e| e.to_string())?,
            None => Settings::default(),
        };
        settings.operations.extend(self.operations);
        settings.tagged_unions.extend(self.tagged);
        Ok(settings)
    }
}

struct Args {
    model: PathBuf,
    out: PathBuf,
    format: Option<Format>,
    settings: SettingsArgs,
    crate_name: String,
    layout: Layout,
    /// `--cli-tables`: the client crate the command-line tables refer to.
    cli_tables: Option<String>,
    runtime: write::RuntimeDependency,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut model = None;
    let mut out = None;
    let mut format = None;
    let mut operations = Vec::new();
    let mut tagged = Vec::new();
    let mut settings_file = None;
    let mut crate_name = None;
    let mut layout = Layout::Crate;
    let mut cli_tables = None;
    let mut runtime = write::RuntimeDependency::Registry;
    while let Some(flag) = args.next() {
        if flag == "--help" || flag == "-h" {
            return Err(String::new());
        }
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match flag.as_str() {
            "--model" => model = Some(PathBuf::from(value("--model")?)),
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--format" => {
                let word = value("--format")?;
                format = Some(Format::parse(&word).ok_or_else(|| {
                    format!("--format must be `smithy` or `botocore`, not `{word}`")
                })?);
            }
            "--operation" => operations.push(value("--operation")?),
            "--tagged-union" => tagged.push(value("--tagged-union")?),
            "--settings" => settings_file = Some(PathBuf::from(value("--settings")?)),
            "--crate-name" => crate_name = Some(value("--crate-name")?),
            "--layout" => {
                layout = match value("--layout")?.as_str() {
                    "crate" => Layout::Crate,
                    "out-dir" => Layout::OutDir,
                    other => {
                        return Err(format!(
                            "--layout must be `crate` or `out-dir`, not `{other}`"
                        ))
                    }
                }
            }
            "--cli-tables" => cli_tables = Some(value("--cli-tables")?),
            "--runtime-path" => {
                // The manifest is elsewhere: a relative path would be read from there.
                let dir = PathBuf::from(value("--runtime-path")?);
                let dir = dir
                    .canonicalize()
                    .map_err(|error| format!("--runtime-path {}: {error}", dir.display()))?;
                runtime = write::RuntimeDependency::Path(dir);
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let settings = SettingsArgs {
        file: settings_file,
        operations,
        tagged,
    };
    let out = out.ok_or("--out is required")?;
    let crate_name = match crate_name {
        Some(name) => name,
        None => out
            .file_name()
            .and_then(|name| name.to_str())
            .map(|name| name.replace(['.', ' '], "-"))
            .filter(|name| !name.is_empty())
            .ok_or("cannot derive a crate name from --out; pass --crate-name")?,
    };
    Ok(Args {
        model: model.ok_or("--model is required")?,
        out,
        format,
        settings,
        crate_name,
        layout,
        cli_tables,
        runtime,
    })
}

fn parse_diff_args(mut args: impl Iterator<Item = String>) -> Result<DiffArgs, String> {
    let (mut old, mut new, mut settings_file) = (None, None, None);
    let (mut operations, mut tagged) = (Vec::new(), Vec::new());
    let mut format = OutputFormat::Text;
    let mut fail_on = None;
    let mut verbose = false;
    let mut ignore_docs = false;
    while let Some(flag) = args.next() {
        if flag == "--help" || flag == "-h" {
            return Err(String::new());
        }
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match flag.as_str() {
            "--old" => old = Some(PathBuf::from(value("--old")?)),
            "--new" => new = Some(PathBuf::from(value("--new")?)),
            "--operation" => operations.push(value("--operation")?),
            "--tagged-union" => tagged.push(value("--tagged-union")?),
            "--settings" => settings_file = Some(PathBuf::from(value("--settings")?)),
            "--format" => {
                let word = value("--format")?;
                format = OutputFormat::parse(&word)
                    .ok_or_else(|| format!("--format must be `text` or `json`, not `{word}`"))?;
            }
            "--fail-on" => {
                fail_on = Some(match value("--fail-on")?.as_str() {
                    "breaking" => FailOn::Breaking,
                    "any" => FailOn::Any,
                    other => {
                        return Err(format!(
                            "--fail-on must be `breaking` or `any`, not `{other}`"
                        ))
                    }
                })
            }
            "--verbose" => verbose = true,
            "--ignore-docs" => ignore_docs = true,
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(DiffArgs {
        old: old.ok_or("--old is required")?,
        new: new.ok_or("--new is required")?,
        settings: SettingsArgs {
            file: settings_file,
            operations,
            tagged,
        },
        format,
        fail_on,
        verbose,
        ignore_docs,
    })
}

/// Runs `diff`: the report on stdout, and whether `--fail-on` found its change.
fn run_diff(args: DiffArgs) -> Result<(String, bool), String> {
    let read = |path: &Path| {
        connect_codegen::read_model(path, None, &path.display().to_string())
            .map_err(|e| e.to_string())
    };
    let settings = args.settings.load()?;
    let (old, new) = (read(&args.old)?, read(&args.new)?);
    let mut report = connect_codegen::diff::diff(old, new, &settings).map_err(|e| e.to_string())?;
    if args.ignore_docs {
        report.ignore_docs();
    }
    let failed = match args.fail_on {
        Some(FailOn::Breaking) => report.count(Class::Breaking) > 0,
        Some(FailOn::Any) => !report.changes.is_empty(),
        None => false,
    };
    Ok((report.render(args.format, args.verbose), failed))
}

fn diff_main(args: impl Iterator<Item = String>) -> ExitCode {
    let args = match parse_diff_args(args) {
        Ok(args) => args,
        Err(message) => return usage_exit(&message),
    };
    match run_diff(args) {
        Ok((report, failed)) => {
            print!("{report}");
            if failed {
                ExitCode::from(DIFF_FAILED)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(message) => {
            eprintln!("connect-codegen: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `--help` (an empty message) prints the usage; anything else is a command-line mistake.
fn usage_exit(message: &str) -> ExitCode {
    if message.is_empty() {
        println!("{USAGE}");
        ExitCode::SUCCESS
    } else {
        eprintln!("connect-codegen: {message}\n\n{USAGE}");
        ExitCode::from(2)
    }
}

fn run(args: Args) -> Result<String, String> {
    let source = args.model.display().to_string();
    let settings = args.settings.load()?;
    if let Some(client_crate) = &args.cli_tables {
        let model = connect_codegen::read_model(&args.model, args.format, &source)
            .map_err(|e| e.to_string())?;
        let file = connect_codegen::generate_cli(model, &settings, client_crate, &source)
            .map_err(|e| e.to_string())?;
        let written =
            write::write_all(&args.out, std::slice::from_ref(&file)).map_err(|e| e.to_string())?;
        return Ok(format!(
            "{}: {} ({written} changed)",
            args.out.display(),
            file.path
        ));
    }
    let files = connect_codegen::generate_from_file(
        &args.model,
        args.format,
        &settings,
        args.layout,
        &source,
    )
    .map_err(|e| e.to_string())?;
    if args.layout == Layout::OutDir {
        let removed = write::remove_stale(&args.out, &files).map_err(|e| e.to_string())?;
        let written = write::write_all(&args.out, &files).map_err(|e| e.to_string())?;
        return Ok(format!(
            "{}: {} files ({written} changed, {removed} stale removed)",
            args.out.display(),
            files.len()
        ));
    }
    let manifest = write::crate_manifest(&args.crate_name, &args.runtime);
    write::write_if_changed(&args.out.join("Cargo.toml"), manifest.as_bytes())
        .map_err(|e| e.to_string())?;
    let written = write::write_all(&args.out.join("src"), &files).map_err(|e| e.to_string())?;
    let lines: usize = files.iter().map(|f| f.contents.lines().count()).sum();
    Ok(format!(
        "{}: {} files ({} changed), {} lines",
        args.out.display(),
        files.len(),
        written,
        lines
    ))
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1).peekable();
    if args.peek().map(String::as_str) == Some("diff") {
        args.next();
        return diff_main(args);
    }
    if args.peek().map(String::as_str) == Some("update") {
        args.next();
        return update_main(args);
    }
    let args = match parse_args(args) {
        Ok(args) => args,
        Err(message) => return usage_exit(&message),
    };
    match run(args) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("connect-codegen: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Runs `update` (or its check); the exit status.
fn update_main(mut args: impl Iterator<Item = String>) -> ExitCode {
    let (mut upstream, mut format, mut workspace, mut check) =
        (None, None, PathBuf::from("."), false);
    while let Some(flag) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        let parsed: Result<(), String> = (|| {
            match flag.as_str() {
                "--help" | "-h" => return Err(String::new()),
                "--upstream" => upstream = Some(PathBuf::from(value("--upstream")?)),
                "--workspace" => workspace = PathBuf::from(value("--workspace")?),
                "--check" => check = true,
                "--format" => {
                    let word = value("--format")?;
                    format = Some(Format::parse(&word).ok_or_else(|| {
                        format!("--format must be `smithy` or `botocore`, not `{word}`")
                    })?);
                }
                other => return Err(format!("unknown argument `{other}`")),
            }
            Ok(())
        })();
        if let Err(message) = parsed {
            return usage_exit(&message);
        }
    }
    let Some(upstream) = upstream else {
        return usage_exit("--upstream is required");
    };
    let plan = match connect_codegen::update::plan(&workspace, &upstream, format) {
        Ok(plan) => plan,
        Err(error) => {
            eprintln!("connect-codegen: {error}");
            return ExitCode::FAILURE;
        }
    };
    print!("{}", plan.report.text(false));
    let relative = |path: &Path| {
        path.strip_prefix(&workspace)
            .unwrap_or(path)
            .display()
            .to_string()
    };
    if check {
        let differences = plan.differences();
        if differences.is_empty() {
            println!("up to date with {}", upstream.display());
            return ExitCode::SUCCESS;
        }
        eprintln!(
            "connect-codegen: not what {} implies (run `connect-codegen update --upstream {}`):",
            upstream.display(),
            upstream.display()
        );
        for path in differences {
            eprintln!("  {}", relative(&path));
        }
        return ExitCode::FAILURE;
    }
    match plan.apply() {
        Ok(touched) if touched.is_empty() => {
            println!("nothing to change: up to date with {}", upstream.display());
            ExitCode::SUCCESS
        }
        Ok(touched) => {
            println!("updated:");
            for path in touched {
                println!("  {}", relative(&path));
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("connect-codegen: {error}");
            ExitCode::FAILURE
        }
    }
}
