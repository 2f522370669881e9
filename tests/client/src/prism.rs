//! Stoplight Prism mock server for integration tests of generated clients.
//!
//! [`Prism::start`] runs the pinned `@stoplight/prism-cli` from
//! `tests/client/prism/node_modules` (install it with `npm ci --no-audit --no-fund` in
//! `tests/client/prism`) on `127.0.0.1` and a free port, against one `OpenAPI` document,
//! and waits until it serves. Dropping the [`Prism`] kills the server.
//!
//! What a test can rely on (measured with prism-cli 5.14.2):
//!
//! * A request that breaks the document (body, query, header, path) gets the
//!   first response the operation declares among `422`, `400`, `4XX` and
//!   `default` (the latter sent with status 422); a wrong `Content-Type` tries
//!   `415` first. Prism then adds an `sl-violations` header: a JSON array of
//!   `{"location":["request","body",...],"severity":"Error","code":...,"message":...}`.
//!   If the operation declares none of them, the answer is
//!   `422 application/problem+json` with
//!   `"type":"https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY"` and the
//!   violations (locations without the `"request"` prefix) in its
//!   `validation` field, and no `sl-violations` header.
//! * A missing or wrong-scheme credential for a declared security scheme gets
//!   the operation's `401` (or `4XX`/`default`) with an `sl-violations` entry
//!   of code 401, or else a generated `401` problem (`...#UNAUTHORIZED`).
//!   Any token value is accepted.
//! * A request that passed validation never has a violation whose location
//!   starts with `"request"`.
//! * In [`PrismMode::Examples`] the server answers with the document's own
//!   examples even when they break their schemas (with the response violations
//!   in `sl-violations`), as a real server with documentation bugs would.
//! * In [`PrismMode::Dynamic`] the server runs with `--errors`: a generated
//!   response that breaks its own schema is replaced by
//!   `500 application/problem+json` of type
//!   `https://stoplight.io/prism/errors#VIOLATIONS`, with the response
//!   violations (location `["response",...]`) in `validation` and in
//!   `sl-violations`.
//! * `Prefer: code=404` picks a declared status, `Prefer: example=NAME` a
//!   named media-type example; `Prefer: dynamic=true` switches one request to
//!   generated data.
//!
//! In [`PrismMode::Dynamic`], setting the environment variable `PRISM_SEED`
//! passes it as `--seed`, which makes every generated response repeatable.
//! `PRISM_START_TIMEOUT_SECS` overrides the 60 s start-up limit.
//!
//! The server's stdout and stderr go to a log file ([`Prism::log_path`]) under
//! `<target>/<profile>/prism-logs/` (or the system temp dir); when Prism exits
//! or times out during start-up, the error quotes the end of that log.

use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::{ErrorKind, Read as _, Seek as _, SeekFrom};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How long Prism may take to load a document and listen, unless
/// `PRISM_START_TIMEOUT_SECS` says otherwise.
const DEFAULT_START_TIMEOUT: Duration = Duration::from_secs(60);
/// Ports tried before giving up when another process takes the chosen port
/// between our probe and Prism's `listen`.
const START_ATTEMPTS: usize = 3;
/// Prism logs this line (followed by its address) right after `listen` succeeds.
const READY_MARKER: &str = "Prism is listening on ";
/// How much of the log's end is quoted in error messages.
const LOG_TAIL_BYTES: u64 = 12 * 1024;

/// Runs Prism's CLI (its JavaScript entry point is argv[1]) inside a Node
/// process that exits when its stdin closes. The test process holds the other
/// end of that pipe, so Prism dies with it even when the test process is killed
/// without running destructors (timeout, SIGKILL).
const STDIN_WATCHDOG: &str = "const args = process.argv.slice(1);\
process.argv = [process.argv[0], ...args];\
const quit = () => process.exit(0);\
process.stdin.on('end', quit);\
process.stdin.on('close', quit);\
process.stdin.on('error', quit);\
process.stdin.resume();\
require(args[0]);";

/// Where responses come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrismMode {
    /// Static mode: the media type's `example`/`examples`, else the schema's
    /// `examples`/`example`/`default`, else a value Prism builds from the
    /// schema.
    Examples,
    /// `--dynamic`: random data generated from the response schema.
    Dynamic,
}

/// A running Prism mock server. Dropping it kills the server.
#[derive(Debug)]
pub struct Prism {
    child: Child,
    /// Write end of the server's stdin; closing it stops the server.
    stdin: Option<ChildStdin>,
    port: u16,
    log_path: PathBuf,
}

impl Prism {
    /// Starts prism on 127.0.0.1 on a free port against `spec_path`; `mode`
    /// selects static examples or `--dynamic` (with `--errors`, so a generated
    /// response that breaks its schema becomes a 500).
    ///
    /// Returns once Prism has logged that it listens on the port and a TCP
    /// connection to it succeeds. Errors say why and quote Prism's log.
    pub fn start(spec_path: &Path, mode: PrismMode) -> Result<Prism, String> {
        let binary = prism_binary()?;
        let spec = spec_path.canonicalize().map_err(|e| format!("OpenAPI document {}: {e}", spec_path.display()))?;
        let timeout = start_timeout()?;
        let mut port_errors = String::new();
        for attempt in 1..=START_ATTEMPTS {
            let port = free_port()?;
            match launch(&binary, &spec, mode, port, timeout)? {
                Launch::Ready(prism) => return Ok(prism),
                Launch::PortTaken(log_path) => {
                    let _ =
                        writeln!(port_errors, "attempt {attempt}: port {port} was taken (log: {})", log_path.display());
                }
            }
        }
        Err(format!("prism could not listen on a free port after {START_ATTEMPTS} attempts:\n{port_errors}"))
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The port Prism listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The file that receives Prism's stdout and stderr (one line per
    /// request step, including every violation it found).
    pub fn log_path(&self) -> &Path {
        &self.log_path
    }

    /// The end of Prism's log so far, for assertion messages.
    pub fn log_tail(&self) -> String {
        read_log_tail(&self.log_path)
    }

    fn stop(&mut self) {
        // Closing stdin makes the watchdog exit; the kill covers the rest.
        drop(self.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Path to the prism binary under `tests/client/prism/node_modules/.bin`, or an Err
/// that says exactly what to install/run.
pub fn prism_binary() -> Result<PathBuf, String> {
    let dir = prism_dir();
    let binary = dir.join("node_modules").join(".bin").join("prism");
    if binary.is_file() {
        return Ok(binary);
    }
    let install = format!(
        "run `npm ci --no-audit --no-fund` in {} (it installs the Prism version pinned in package-lock.json)",
        dir.display()
    );
    let missing: Vec<&str> = ["node", "npm"].into_iter().filter(|tool| !runs(tool)).collect();
    if missing.is_empty() {
        Err(format!("the Prism mock server is not installed ({} does not exist): {install}", binary.display()))
    } else {
        Err(format!(
            "the Prism mock server is not installed ({} does not exist) and {} not on PATH: \
             node (>= 18.20.1) and npm are required: `apt-get install nodejs npm`; then {install}",
            binary.display(),
            match missing.as_slice() {
                [one] => format!("`{one}` is"),
                _ => "`node` and `npm` are".to_owned(),
            },
        ))
    }
}

/// `tests/client/prism`, which holds `package.json`, `package-lock.json` and `node_modules`.
fn prism_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("prism")
}

fn runs(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

fn start_timeout() -> Result<Duration, String> {
    match std::env::var("PRISM_START_TIMEOUT_SECS") {
        Ok(value) => value
            .trim()
            .parse::<u64>()
            .map(Duration::from_secs)
            .map_err(|e| format!("PRISM_START_TIMEOUT_SECS={value:?}: {e}")),
        Err(_) => Ok(DEFAULT_START_TIMEOUT),
    }
}

/// A port that was free a moment ago: the OS picks it for a listener we drop
/// at once. Another process may still take it before Prism does; `start`
/// retries then.
fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .map_err(|e| format!("cannot bind 127.0.0.1:0 to find a free port: {e}"))?;
    listener
        .local_addr()
        .map(|addr| addr.port())
        .map_err(|e| format!("cannot read the port of a listener on 127.0.0.1:0: {e}"))
}

/// `<target>/<profile>/prism-logs` when running from a cargo-built test
/// binary (`<target>/<profile>/deps/NAME`), else `$TMPDIR/prism-logs`.
fn log_dir() -> PathBuf {
    let from_exe = std::env::current_exe().ok().and_then(|exe| {
        let deps = exe.parent()?;
        if deps.file_name()? != "deps" {
            return None;
        }
        Some(deps.parent()?.join("prism-logs"))
    });
    from_exe.unwrap_or_else(|| std::env::temp_dir().join("prism-logs"))
}

fn new_log_path(port: u16) -> Result<PathBuf, String> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = log_dir();
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create the Prism log folder {}: {e}", dir.display()))?;
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    Ok(dir.join(format!("prism-{}-{n}-port{port}.log", std::process::id())))
}

fn read_log(path: &Path) -> String {
    fs::read(path).map(|bytes| String::from_utf8_lossy(&bytes).into_owned()).unwrap_or_default()
}

fn read_log_tail(path: &Path) -> String {
    let Ok(mut file) = File::open(path) else {
        return String::new();
    };
    let len = file.metadata().map_or(0, |m| m.len());
    let skipped = len.saturating_sub(LOG_TAIL_BYTES);
    if file.seek(SeekFrom::Start(skipped)).is_err() {
        return String::new();
    }
    let mut bytes = Vec::new();
    let _ = file.read_to_end(&mut bytes);
    let text = String::from_utf8_lossy(&bytes);
    if skipped > 0 { format!("[... {skipped} bytes skipped ...]\n{text}") } else { text.into_owned() }
}

enum Launch {
    Ready(Prism),
    /// Prism exited because the port was in use; try another one.
    PortTaken(PathBuf),
}

/// Spawns Prism on `port` and waits until it serves, exits or times out.
fn launch(binary: &Path, spec: &Path, mode: PrismMode, port: u16, timeout: Duration) -> Result<Launch, String> {
    let log_path = new_log_path(port)?;
    let log =
        File::create(&log_path).map_err(|e| format!("cannot create the Prism log {}: {e}", log_path.display()))?;
    let log_err = log.try_clone().map_err(|e| format!("cannot share the Prism log {}: {e}", log_path.display()))?;

    // `.bin/prism` links to the CLI's JavaScript entry point; run that under
    // the stdin watchdog. Anything else (say, a wrapper script) runs as is.
    let entry = binary.canonicalize().unwrap_or_else(|_| binary.to_path_buf());
    let mut command = if entry.extension().is_some_and(|ext| ext == "js") {
        let mut node = Command::new("node");
        node.arg("-e").arg(STDIN_WATCHDOG).arg(&entry);
        node
    } else {
        Command::new(binary)
    };
    let port_text = port.to_string();
    command
        .args(["mock", "--host", "127.0.0.1", "--port", &port_text])
        .current_dir(prism_dir())
        .env("NO_COLOR", "1")
        .env("FORCE_COLOR", "0")
        .stdin(Stdio::piped())
        .stdout(Stdio::from(log))
        .stderr(Stdio::from(log_err));
    if mode == PrismMode::Dynamic {
        command.arg("--dynamic").arg("--errors");
        if let Ok(seed) = std::env::var("PRISM_SEED") {
            command.arg("--seed").arg(seed);
        }
    }
    command.arg(spec);

    let mut child = command.spawn().map_err(|e| {
        let program = command.get_program().to_string_lossy().into_owned();
        if e.kind() == ErrorKind::NotFound {
            format!(
                "cannot start Prism: `{program}` was not found on PATH. node (>= 18.20.1) and npm \
                 are required: `apt-get install nodejs npm`; then run `npm ci --no-audit --no-fund` in {}",
                prism_dir().display()
            )
        } else {
            format!("cannot start Prism (`{program}`): {e}")
        }
    })?;
    let stdin = child.stdin.take();
    // From here on, every early return drops `prism`, which kills the child.
    let mut prism = Prism { child, stdin, port, log_path };

    let ready_line = format!("{READY_MARKER}http://127.0.0.1:{port}");
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let started = Instant::now();
    loop {
        match prism.child.try_wait() {
            Ok(None) => {}
            Ok(Some(status)) => {
                let log = read_log(&prism.log_path);
                if log.contains("EADDRINUSE") {
                    let log_path = prism.log_path.clone();
                    return Ok(Launch::PortTaken(log_path));
                }
                return Err(format!(
                    "Prism exited ({status}) before it was ready, serving {} on port {port}; \
                     log {}:\n{}",
                    spec.display(),
                    prism.log_path.display(),
                    prism.log_tail()
                ));
            }
            Err(e) => return Err(format!("cannot poll the Prism process: {e}")),
        }

        // The log line is written after `listen` succeeded, so it is the
        // readiness signal; the connection only confirms nothing else is
        // answering on a port that was ours.
        let log = read_log(&prism.log_path);
        let logged_ready = log.lines().any(|line| line.trim_end().ends_with(&ready_line));
        if logged_ready && TcpStream::connect_timeout(&address, Duration::from_secs(2)).is_ok() {
            return Ok(Launch::Ready(prism));
        }

        if started.elapsed() >= timeout {
            prism.stop();
            return Err(format!(
                "Prism did not report `{ready_line}` within {} s (set PRISM_START_TIMEOUT_SECS to \
                 wait longer) serving {}; log {}:\n{}",
                timeout.as_secs(),
                spec.display(),
                prism.log_path.display(),
                prism.log_tail()
            ));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}
