//! `cargo xtask live`: the generated client against a real Prefect server. Installs the pinned server into a
//! venv, starts it on a free loopback port with a throw-away home and HTTP Basic credentials required, checks that
//! it serves the pinned OpenAPI document, generates the client from that document and
//! `tests/live/prefect.overlay.yaml` (which declares the credentials) with the current generator, then builds and
//! runs the driver in `tests/live/prefect`, which prints one line per failed check and a summary line. The server
//! is stopped on every exit path (its process group is killed when the guard drops, and a watchdog kills it when
//! this process dies without unwinding).

use anyhow::{Context, bail};
use base64::Engine as _;
use serde_json::Value;
use std::fs::File;
use std::io::{Read as _, Write as _};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};
use xtask::codegen::{Mode, ensure_files, project_root};

/// The pinned server's OpenAPI document, as it serves it at `/api/openapi.json`.
const SPEC: &str = "specs/prefect-3.9.1.json";
/// The Python packages of the server, pinned (`prefect==X.Y.Z`).
const REQUIREMENTS: &str = "tests/live/requirements.txt";
/// What a user adds to the pinned document to send the server's credentials: an HTTP Basic security scheme.
const OVERLAY: &str = "tests/live/prefect.overlay.yaml";

/// The server's `PREFECT_SERVER_API_AUTH_STRING` (`user:password`), which every API request must carry as HTTP
/// Basic credentials; the driver gets it in `PREFECT_LIVE_CREDENTIALS`. Only ever on loopback, for one run.
const CREDENTIALS: &str = "live:prefect-live-password";

/// The driver crate: its own workspace, depending on the generated client by path.
const DRIVER: &str = "tests/live/prefect";
/// The driver's binary name (its package name).
const DRIVER_BIN: &str = "prefect-live";
/// Everything this task writes: the venv, the generated client, the server log, the operations exercised and
/// every request and response the driver recorded (`wire.log`).
const LIVE_DIR: &str = "target/live";
/// The generated client's crate name and folder under [`LIVE_DIR`].
const CLIENT_CRATE: &str = "prefect_client";
/// The server's home (settings, SQLite database) for one run is `target/live/home-<pid>-<port>`, removed when
/// the server stops.
const HOME_PREFIX: &str = "home-";
/// Written into the venv after a successful install: the requirements it was installed from.
const STAMP: &str = "installed-requirements.txt";
/// How long the server may take to answer `/api/health`, unless `PREFECT_LIVE_START_TIMEOUT_SECS` says otherwise.
const DEFAULT_START_TIMEOUT: Duration = Duration::from_secs(120);
/// How long the server may take to exit after SIGTERM before its process group gets SIGKILL.
const STOP_TIMEOUT: Duration = Duration::from_secs(10);
/// Ports tried before giving up when another process takes the chosen one before the server listens.
const START_ATTEMPTS: usize = 3;
/// How much of the server log's end is quoted in error messages.
const LOG_TAIL_BYTES: usize = 12 * 1024;
/// JSON pointers of differences quoted when the served document drifted from the pinned one.
const MAX_DIFFERENCES_SHOWN: usize = 20;

/// Runs the server as the last command of a shell whose stdin is a pipe from this process. A background reader
/// waits for that pipe to close (this process exited, however it died) and then kills the whole process group.
const WATCHDOG: &str = "exec 3<&0; { read -r _ <&3; kill -TERM 0; } & exec \"$@\" </dev/null 3<&-";

const USAGE: &str = "usage: cargo xtask live [--pin]
  --pin   write the document the server serves to specs/prefect-3.9.1.json instead of failing on a difference";

pub fn live(args: &[String]) -> anyhow::Result<ExitCode> {
    let pin = match args {
        [] => Mode::Check,
        [flag] if flag == "--pin" => Mode::Write,
        _ => bail!("{USAGE}"),
    };
    let root = project_root();
    let live_dir = root.join(LIVE_DIR);
    std::fs::create_dir_all(&live_dir).with_context(|| format!("cannot create {}", live_dir.display()))?;
    let started = Instant::now();

    let step = Instant::now();
    let venv = ensure_venv(&root, &live_dir.join("venv"))?;
    let venv_secs = step.elapsed().as_secs_f64();

    let step = Instant::now();
    remove_stale_homes(&live_dir);
    let server = Server::start(&venv, &live_dir)?;
    eprintln!("prefect server healthy at {} after {:.1} s", server.api_url(), step.elapsed().as_secs_f64());
    let start_secs = step.elapsed().as_secs_f64();

    check_pin(&root, &server, pin)?;

    let step = Instant::now();
    generate_client(&root, &live_dir.join(CLIENT_CRATE))?;
    let generate_secs = step.elapsed().as_secs_f64();

    let step = Instant::now();
    let driver = build_driver(&root)?;
    let build_secs = step.elapsed().as_secs_f64();

    let step = Instant::now();
    let status = Command::new(&driver)
        .current_dir(&root)
        .env("PREFECT_LIVE_API_URL", server.api_url())
        .env("PREFECT_LIVE_CREDENTIALS", CREDENTIALS)
        .env("PREFECT_LIVE_OPERATIONS_OUT", live_dir.join("operations.txt"))
        .env("PREFECT_LIVE_WIRE_OUT", live_dir.join("wire.log"))
        .status()
        .with_context(|| format!("cannot run the driver {}", driver.display()))?;
    let drive_secs = step.elapsed().as_secs_f64();

    let step = Instant::now();
    drop(server);
    eprintln!(
        "live took {:.0} s: venv {venv_secs:.1} s, server start {start_secs:.1} s, generate {generate_secs:.1} s, \
         driver build {build_secs:.1} s, driver run {drive_secs:.1} s, server stop {:.1} s",
        started.elapsed().as_secs_f64(),
        step.elapsed().as_secs_f64()
    );
    if !status.success() {
        eprintln!("the driver failed ({status}); the server log is {}", live_dir.join("server.log").display());
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// The pinned version of `prefect` in the requirements file, like `3.9.1`.
fn pinned_version(requirements: &str) -> anyhow::Result<&str> {
    requirements
        .lines()
        .map(str::trim)
        .find_map(|line| line.strip_prefix("prefect=="))
        .map(str::trim)
        .with_context(|| format!("{REQUIREMENTS} pins no `prefect==X.Y.Z`"))
}

/// A venv with the pinned requirements installed, reused when its stamp matches the requirements file.
fn ensure_venv(root: &Path, venv: &Path) -> anyhow::Result<PathBuf> {
    let requirements_path = root.join(REQUIREMENTS);
    let requirements = std::fs::read_to_string(&requirements_path)
        .with_context(|| format!("cannot read {}", requirements_path.display()))?;
    let version = pinned_version(&requirements)?;
    let stamp = venv.join(STAMP);
    let prefect = venv.join("bin/prefect");
    if prefect.is_file() && std::fs::read_to_string(&stamp).ok().as_deref() == Some(requirements.as_str()) {
        eprintln!("reusing the venv {} (prefect {version})", venv.display());
        return Ok(venv.to_path_buf());
    }
    let python = Command::new("python3").arg("--version").output();
    if !python.is_ok_and(|output| output.status.success()) {
        bail!(
            "python3 was not found on PATH: the live tests need python3 (>= 3.10) with venv and pip to install \
             prefect {version} (apt-get install python3 python3-venv python3-pip)"
        );
    }
    if venv.exists() {
        std::fs::remove_dir_all(venv).with_context(|| format!("cannot remove the stale venv {}", venv.display()))?;
    }
    eprintln!("creating the venv {} and installing {}", venv.display(), requirements_path.display());
    let created = Command::new("python3").arg("-m").arg("venv").arg(venv).status().context("cannot run python3")?;
    if !created.success() || !venv.join("bin/pip").is_file() {
        bail!(
            "`python3 -m venv {}` failed ({created}): the live tests need the venv module and ensurepip \
             (apt-get install python3-venv)",
            venv.display()
        );
    }
    let installed = Command::new(venv.join("bin/pip"))
        .args(["install", "--quiet", "--disable-pip-version-check", "--no-input", "-r"])
        .arg(&requirements_path)
        .status()
        .context("cannot run pip")?;
    if !installed.success() || !prefect.is_file() {
        bail!(
            "`pip install -r {REQUIREMENTS}` failed ({installed}): prefect {version} and its dependencies must be \
             installable from the Python package index"
        );
    }
    std::fs::write(&stamp, &requirements).with_context(|| format!("cannot write {}", stamp.display()))?;
    Ok(venv.to_path_buf())
}

/// A running Prefect server in its own process group, with a temporary home; dropping it stops the group and
/// removes the home.
struct Server {
    child: Child,
    /// The write end of the watchdog's stdin: closing it makes the watchdog kill the group.
    watchdog: Option<ChildStdin>,
    port: u16,
    home: PathBuf,
    log_path: PathBuf,
}

impl Server {
    /// Starts the server on a free port and waits until `/api/health` answers `true`; its home and log go in
    /// `live_dir`.
    fn start(venv: &Path, live_dir: &Path) -> anyhow::Result<Server> {
        let log_path = &live_dir.join("server.log");
        let timeout = match std::env::var("PREFECT_LIVE_START_TIMEOUT_SECS") {
            Ok(text) => Duration::from_secs(text.parse().context("PREFECT_LIVE_START_TIMEOUT_SECS is not a number")?),
            Err(_) => DEFAULT_START_TIMEOUT,
        };
        let mut attempt = 1;
        loop {
            let port = free_port()?;
            let mut server = Server::spawn(venv, port, live_dir, log_path)?;
            match server.wait_healthy(timeout) {
                Ok(()) => return Ok(server),
                Err(error) if attempt < START_ATTEMPTS && server.log().contains("address already in use") => {
                    eprintln!("port {port} was taken before the server listened ({error:#}); trying another");
                }
                Err(error) => return Err(error),
            }
            attempt += 1;
        }
    }

    fn spawn(venv: &Path, port: u16, live_dir: &Path, log_path: &Path) -> anyhow::Result<Server> {
        let home = live_dir.join(format!("{HOME_PREFIX}{}-{port}", std::process::id()));
        if home.exists() {
            std::fs::remove_dir_all(&home).with_context(|| format!("cannot remove {}", home.display()))?;
        }
        std::fs::create_dir_all(&home).with_context(|| format!("cannot create {}", home.display()))?;
        let log = File::create(log_path).with_context(|| format!("cannot create {}", log_path.display()))?;
        let log_err = log.try_clone().context("cannot share the server log")?;
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(WATCHDOG)
            .arg("sh")
            .arg(venv.join("bin/prefect"))
            .args(["server", "start", "--host", "127.0.0.1", "--port", &port.to_string()])
            .current_dir(&home)
            .stdin(Stdio::piped())
            .stdout(Stdio::from(log))
            .stderr(Stdio::from(log_err))
            .process_group(0);
        // Nothing from the caller's Prefect configuration may leak in: the server must use its own home and
        // database, send nothing anywhere and run no background service the checks do not need.
        for (name, _) in std::env::vars_os() {
            if name.to_string_lossy().starts_with("PREFECT_") {
                command.env_remove(name);
            }
        }
        let database = format!("sqlite+aiosqlite:///{}", home.join("prefect.db").display());
        command
            .env("PREFECT_HOME", &home)
            .env("PREFECT_SERVER_DATABASE_CONNECTION_URL", database)
            .env("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
            .env("PREFECT_SERVER_UI_ENABLED", "false")
            .env("PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED", "false")
            .env("PREFECT_SERVER_SERVICES_LATE_RUNS_ENABLED", "false")
            .env("PREFECT_SERVER_SERVICES_FOREMAN_ENABLED", "false")
            .env("PREFECT_SERVER_SERVICES_REPOSSESSOR_ENABLED", "false")
            .env("PREFECT_SERVER_SERVICES_CANCELLATION_CLEANUP_ENABLED", "false")
            .env("PREFECT_SERVER_SERVICES_PAUSE_EXPIRATIONS_ENABLED", "false")
            .env("PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED", "false")
            .env("PREFECT_SERVER_SERVICES_EVENT_PERSISTER_FLUSH_INTERVAL", "1")
            // SQLite answers a write that conflicts with another one with "database is locked", which the server
            // turns into a 503 its clients may retry; the log says which request it was.
            .env("PREFECT_API_LOG_RETRYABLE_ERRORS", "true")
            .env("PREFECT_TELEMETRY_ENABLE_RESOURCE_METRICS", "false")
            .env("PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY", "false")
            // HTTP Basic credentials on every API request but the health probes: the client sends them as the
            // overlay's security scheme says (see `CREDENTIALS`).
            .env("PREFECT_SERVER_API_AUTH_STRING", CREDENTIALS)
            .env("DO_NOT_TRACK", "1")
            .env("NO_COLOR", "1");
        let mut child = command.spawn().context("cannot start the Prefect server (sh)")?;
        let watchdog = child.stdin.take();
        Ok(Server { child, watchdog, port, home, log_path: log_path.to_path_buf() })
    }

    /// `http://127.0.0.1:PORT/api`: the base URL of the API.
    fn api_url(&self) -> String {
        format!("http://127.0.0.1:{}/api", self.port)
    }

    fn wait_healthy(&mut self, timeout: Duration) -> anyhow::Result<()> {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().context("cannot poll the server process")? {
                bail!(
                    "the Prefect server exited ({status}) before it was healthy; log {}:\n{}",
                    self.log_path.display(),
                    self.log_tail()
                );
            }
            let last_answer = match http_get(self.port, "/api/health") {
                Ok((200, body)) if body.trim_ascii() == b"true" => return Ok(()),
                Ok((status, body)) => format!("{status} {}", String::from_utf8_lossy(&body)),
                Err(error) => format!("{error:#}"),
            };
            if started.elapsed() >= timeout {
                bail!(
                    "the Prefect server did not answer GET /api/health with `true` within {} s (last answer: {}; \
                     set PREFECT_LIVE_START_TIMEOUT_SECS to wait longer); log {}:\n{}",
                    timeout.as_secs(),
                    last_answer,
                    self.log_path.display(),
                    self.log_tail()
                );
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn log(&self) -> String {
        std::fs::read(&self.log_path).map(|bytes| String::from_utf8_lossy(&bytes).into_owned()).unwrap_or_default()
    }

    fn log_tail(&self) -> String {
        let log = self.log();
        let mut cut = log.len().saturating_sub(LOG_TAIL_BYTES);
        while !log.is_char_boundary(cut) {
            cut += 1;
        }
        log[cut..].to_owned()
    }

    /// Sends `signal` to the server's whole process group (its process id is the group id).
    fn signal_group(&self, signal: &str) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args([signal, "--", &group]).stdout(Stdio::null()).stderr(Stdio::null()).status();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.signal_group("-TERM");
        drop(self.watchdog.take());
        let deadline = Instant::now() + STOP_TIMEOUT;
        while Instant::now() < deadline {
            if !matches!(self.child.try_wait(), Ok(None)) {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // Whatever is left of the group (the server, if it ignored SIGTERM, or a worker it started) goes now.
        self.signal_group("-KILL");
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.home);
    }
}

/// Removes the homes of earlier runs whose process is gone (it was killed before it could clean up).
fn remove_stale_homes(live_dir: &Path) {
    let Ok(entries) = std::fs::read_dir(live_dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name.strip_prefix(HOME_PREFIX).and_then(|rest| rest.split('-').next()) else { continue };
        if !Path::new("/proc").join(pid).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// A port on 127.0.0.1 that was free a moment ago.
fn free_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).context("cannot bind a loopback port")?;
    Ok(listener.local_addr().context("cannot read the bound port")?.port())
}

/// `GET path` on 127.0.0.1:port over HTTP/1.1 with `Connection: close`: the status and the body.
fn http_get(port: u16, path: &str) -> anyhow::Result<(u16, Vec<u8>)> {
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let mut stream = TcpStream::connect_timeout(&address, Duration::from_secs(2))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let authorization = base64::engine::general_purpose::STANDARD.encode(CREDENTIALS);
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: */*\r\nAuthorization: Basic {authorization}\r\n\
         Connection: close\r\n\r\n"
    )?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    let head_end = response.windows(4).position(|w| w == b"\r\n\r\n").context("no end of the response head")?;
    let head = String::from_utf8_lossy(&response[..head_end]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .with_context(|| format!("not an HTTP status line: {head:?}"))?;
    let body = response[head_end + 4..].to_vec();
    let chunked = head.lines().any(|line| {
        let line = line.to_ascii_lowercase();
        line.starts_with("transfer-encoding:") && line.contains("chunked")
    });
    Ok((status, if chunked { dechunk(&body)? } else { body }))
}

/// The payload of a complete chunked body.
fn dechunk(mut body: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = body.windows(2).position(|w| w == b"\r\n").context("truncated chunk size")?;
        let size_text = String::from_utf8_lossy(&body[..line_end]);
        let size_text = size_text.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16).with_context(|| format!("bad chunk size {size_text:?}"))?;
        body = &body[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        let chunk = body.get(..size).context("truncated chunk")?;
        out.extend_from_slice(chunk);
        body = body.get(size + 2..).context("truncated chunk")?;
    }
}

/// Compares the served `/api/openapi.json` with the pinned document as JSON values (`Mode::Check`), or writes it
/// there (`Mode::Write`, `--pin`).
fn check_pin(root: &Path, server: &Server, mode: Mode) -> anyhow::Result<()> {
    let (status, body) = http_get(server.port, "/api/openapi.json")?;
    if status != 200 {
        bail!("GET /api/openapi.json answered {status}: {}", String::from_utf8_lossy(&body));
    }
    let served: Value = serde_json::from_slice(&body).context("the served /api/openapi.json is not JSON")?;
    let path = root.join(SPEC);
    if mode == Mode::Write {
        let mut text = serde_json::to_string_pretty(&served)?;
        text.push('\n');
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("{SPEC} written from the served document");
        return Ok(());
    }
    let pinned_text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let pinned: Value = serde_json::from_str(&pinned_text).with_context(|| format!("{SPEC} is not JSON"))?;
    if served == pinned {
        return Ok(());
    }
    let mut differences = Vec::new();
    json_differences(&pinned, &served, &mut String::new(), &mut differences);
    let shown: Vec<String> = differences.iter().take(MAX_DIFFERENCES_SHOWN).map(|d| format!("  {d}")).collect();
    bail!(
        "pin drift: the server serves an OpenAPI document that differs from {SPEC} in {} place(s):\n{}\n\
         the installed server is not the pinned one, or the pin is stale: check {REQUIREMENTS}, then \
         `cargo xtask live --pin` to re-pin (and review the diff)",
        differences.len(),
        shown.join("\n")
    );
}

/// The JSON pointers where `expected` and `actual` differ, one per differing leaf or missing member.
fn json_differences(expected: &Value, actual: &Value, pointer: &mut String, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                match b.get(key) {
                    Some(other) => json_differences(value, other, pointer, out),
                    None => out.push(format!("{pointer}: missing from the served document")),
                }
                pointer.truncate(len);
            }
            for key in b.keys().filter(|key| !a.contains_key(*key)) {
                out.push(format!(
                    "{pointer}/{}: only in the served document",
                    key.replace('~', "~0").replace('/', "~1")
                ));
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (index, (x, y)) in a.iter().zip(b).enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{index}"));
                json_differences(x, y, pointer, out);
                pointer.truncate(len);
            }
        }
        _ if expected == actual => {}
        _ => out.push(format!("{pointer}: pinned {}, served {}", short(expected), short(actual))),
    }
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(80) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// Generates the client crate from the pinned document with the current generator into `out`.
fn generate_client(root: &Path, out: &Path) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(root.join(SPEC)).with_context(|| format!("cannot read {SPEC}"))?;
    let mut config = generator::Config::new(CLIENT_CRATE);
    config.command = "cargo xtask live".to_owned();
    config.source_label = SPEC.to_owned();
    config.example_tests = false;
    let overlay = std::fs::read_to_string(root.join(OVERLAY)).with_context(|| format!("cannot read {OVERLAY}"))?;
    let overlays = [generator::Source { file: OVERLAY, text: &overlay }];
    let output = generator::generate(&generator::Source { file: SPEC, text: &text }, &overlays, &config)
        .map_err(|errors| anyhow::anyhow!("{errors}"))?;
    ensure_files(out, &output.files, Mode::Write)?;
    eprintln!(
        "{} generated: {} operations, {} generator warnings (`cargo xtask generate --spec {SPEC}` prints them)",
        out.display(),
        output.stats.operations,
        output.warnings.len()
    );
    Ok(())
}

/// Builds the driver (and with it the generated client) into the main target directory, sharing its
/// dependencies, and checks it with clippy (`-D warnings`); returns the binary. Offline when everything it needs is in the local registry cache (the main
/// workspace's lock file pins the versions), online otherwise.
fn build_driver(root: &Path) -> anyhow::Result<PathBuf> {
    let driver_dir = root.join(DRIVER);
    std::fs::copy(root.join("Cargo.lock"), driver_dir.join("Cargo.lock")).context("cannot copy Cargo.lock")?;
    let target_dir = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let resolves_offline = Command::new(&cargo)
        .current_dir(&driver_dir)
        .args(["metadata", "--offline", "--format-version", "1"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    let mut command = Command::new(&cargo);
    command.current_dir(&driver_dir).env("CARGO_TARGET_DIR", &target_dir).args(["build", "--quiet"]);
    if resolves_offline {
        command.arg("--offline");
    }
    if !command.status().context("cannot run cargo")?.success() {
        bail!("the driver {DRIVER} (with the generated client in {LIVE_DIR}/{CLIENT_CRATE}) does not build");
    }
    // The driver is its own workspace, so the workspace-wide clippy of the test command never sees it.
    let mut clippy = Command::new(&cargo);
    clippy.current_dir(&driver_dir).env("CARGO_TARGET_DIR", &target_dir).args(["clippy", "--quiet", "--all-targets"]);
    if resolves_offline {
        clippy.arg("--offline");
    }
    clippy.args(["--", "-D", "warnings"]);
    if !clippy.status().context("cannot run cargo clippy")?.success() {
        bail!("clippy refuses the driver {DRIVER}: fix what it printed above");
    }
    Ok(target_dir.join("debug").join(DRIVER_BIN))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pinned_version_is_read_from_the_requirements() {
        assert_eq!(pinned_version("# the server\nprefect==3.9.1\n").unwrap(), "3.9.1");
        assert!(pinned_version("prefect>=3\n").is_err());
    }

    #[test]
    fn differences_are_named_by_pointer() {
        let pinned = serde_json::json!({"paths": {"/a/b": {"get": 1}}, "info": {"version": "1"}, "x": [1, 2]});
        let served = serde_json::json!({"paths": {"/a/b": {"get": 2}}, "info": {}, "x": [1, 2], "y": true});
        let mut out = Vec::new();
        json_differences(&pinned, &served, &mut String::new(), &mut out);
        assert_eq!(
            out,
            [
                "/paths/~1a~1b/get: pinned 1, served 2",
                "/info/version: missing from the served document",
                "/y: only in the served document"
            ]
        );
    }

    #[test]
    fn chunked_bodies_are_joined() {
        assert_eq!(dechunk(b"4\r\ntrue\r\n1;x=y\r\n!\r\n0\r\n\r\n").unwrap(), b"true!");
        assert!(dechunk(b"9\r\nshort\r\n").is_err());
    }
}
