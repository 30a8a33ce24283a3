//! Contacts in SQLite (WAL mode): a contact is committed before its answer is written, so a
//! restart, or the process killed at any moment, loses no contact that was answered.
//!
//! One writer thread commits new contacts in groups: every create waiting when a transaction
//! starts goes into it, and each is answered once the transaction is committed. Reads go through a
//! connection of their own, which WAL lets run beside the writer. Contacts are found by id and by
//! client token through an in-memory index of their rows.

mod index;

use index::Index;
use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::oneshot;

/// A stored contact, as DescribeContact returns it and idempotency compares it.
#[derive(Clone, Debug, PartialEq)]
pub struct Contact {
    pub instance_id: String,
    pub contact_id: String,
    pub arn: String,
    pub channel: String,
    pub initiation_method: String,
    pub initiate_as: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub related_contact_id: Option<String>,
    pub previous_contact_id: Option<String>,
    pub initial_contact_id: String,
    /// The segment attributes as the service writes them (JSON), if any.
    pub segment_attributes: Option<String>,
    /// The contact's expiry in minutes, from `connect:ContactExpiry` or the expiry member.
    pub expiry_minutes: Option<i64>,
    /// Seconds since the epoch.
    pub created_at: f64,
    pub client_token: Option<String>,
    /// A digest of every parameter but the token, to tell a replay from a reuse of the token
    /// (empty for a contact created without a token).
    pub request_digest: String,
}

/// What storing a new contact came to.
#[derive(Clone, Debug, PartialEq)]
pub enum Stored {
    /// The contact was created.
    Created(Contact),
    /// The token was used before with the same parameters: the first contact.
    Replayed(Contact),
    /// The token was used before with other parameters.
    Conflict,
}

/// A create waiting for the writer, with where its outcome goes.
type Pending = (Contact, oneshot::Sender<Result<Stored, StoreError>>);

/// The contacts: a writer thread for creates, a connection for reads, the index for both.
pub struct Store {
    reader: Mutex<Connection>,
    writer: Mutex<mpsc::Sender<Pending>>,
    index: Arc<Mutex<Index>>,
    /// Dropped with the store, which ends the checkpointer.
    _checkpoint_stop: Option<mpsc::Sender<()>>,
}

/// The most creates one transaction takes.
const GROUP: usize = 256;

/// A storage failure, reported as an internal error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "storage failure: {}", self.0)
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        StoreError(error.to_string())
    }
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS contacts (
    instance_id TEXT NOT NULL,
    contact_id TEXT NOT NULL,
    arn TEXT NOT NULL,
    channel TEXT NOT NULL,
    initiation_method TEXT NOT NULL,
    initiate_as TEXT,
    name TEXT,
    description TEXT,
    related_contact_id TEXT,
    previous_contact_id TEXT,
    initial_contact_id TEXT NOT NULL,
    segment_attributes TEXT,
    expiry_minutes INTEGER,
    created_at REAL NOT NULL,
    client_token TEXT,
    request_digest TEXT NOT NULL
);
";

/// The table's columns in the order [`contact`] reads them (a macro, so that the statements below
/// are whole constants).
macro_rules! columns {
    () => {
        "instance_id, contact_id, arn, channel, initiation_method, initiate_as, name, \
description, related_contact_id, previous_contact_id, initial_contact_id, segment_attributes, \
expiry_minutes, created_at, client_token, request_digest"
    };
}

const SELECT_ROW: &str = concat!("SELECT ", columns!(), " FROM contacts WHERE rowid = ?1");
const INSERT: &str = concat!(
    "INSERT INTO contacts (",
    columns!(),
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"
);

fn contact(row: &rusqlite::Row<'_>) -> rusqlite::Result<Contact> {
    Ok(Contact {
        instance_id: row.get(0)?,
        contact_id: row.get(1)?,
        arn: row.get(2)?,
        channel: row.get(3)?,
        initiation_method: row.get(4)?,
        initiate_as: row.get(5)?,
        name: row.get(6)?,
        description: row.get(7)?,
        related_contact_id: row.get(8)?,
        previous_contact_id: row.get(9)?,
        initial_contact_id: row.get(10)?,
        segment_attributes: row.get(11)?,
        expiry_minutes: row.get(12)?,
        created_at: row.get(13)?,
        client_token: row.get(14)?,
        request_digest: row.get(15)?,
    })
}

/// In-memory stores shared between the writer's and the reader's connections get unique names.
static MEMORY: AtomicU64 = AtomicU64::new(0);

fn connect(path: Option<&Path>, name: &str) -> Result<Connection, StoreError> {
    let connection = match path {
        Some(path) => Connection::open(path)?,
        None => Connection::open_with_flags(
            format!("file:{name}?mode=memory&cache=shared"),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE
                | rusqlite::OpenFlags::SQLITE_OPEN_CREATE
                | rusqlite::OpenFlags::SQLITE_OPEN_URI,
        )?,
    };
    connection.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(connection)
}

/// One of the store's locks (the index, the reading connection, the writer's queue).
fn lock<T>(mutex: &Mutex<T>) -> Result<MutexGuard<'_, T>, StoreError> {
    mutex
        .lock()
        .map_err(|_| StoreError("a lock of the store was poisoned".to_owned()))
}

/// The contact in `row`, if it is there and `matches` it.
fn row_if(
    connection: &Connection,
    row: i64,
    matches: impl Fn(&Contact) -> bool,
) -> Result<Option<Contact>, StoreError> {
    let found = connection
        .prepare_cached(SELECT_ROW)?
        .query_row(params![row], contact)
        .optional()?;
    Ok(found.filter(|found| matches(found)))
}

/// The first of `rows` holding a contact that `matches`.
fn first_of(
    connection: &Connection,
    rows: Vec<i64>,
    matches: impl Fn(&Contact) -> bool,
) -> Result<Option<Contact>, StoreError> {
    for row in rows {
        if let Some(found) = row_if(connection, row, &matches)? {
            return Ok(Some(found));
        }
    }
    Ok(None)
}

/// What a group's transaction decided for one new contact.
enum Decision {
    Inserted,
    Replayed(Box<Contact>),
    Conflict,
}

/// Stores a group of new contacts in one transaction; what became of each. The index learns the
/// new rows only once they are committed.
fn commit(
    connection: &mut Connection,
    index: &Mutex<Index>,
    group: &[Pending],
) -> Result<Vec<Decision>, StoreError> {
    let transaction = connection.transaction()?;
    let mut insert = transaction.prepare_cached(INSERT)?;
    let mut decisions = Vec::with_capacity(group.len());
    let mut added: Vec<(i64, &Contact)> = Vec::with_capacity(group.len());
    for (new, _) in group {
        if let Some(token) = &new.client_token {
            let same_token = |earlier: &Contact| {
                earlier.instance_id == new.instance_id
                    && earlier.client_token.as_ref() == Some(token)
            };
            let earlier = match added.iter().find(|(_, earlier)| same_token(earlier)) {
                Some((_, earlier)) => Some((*earlier).clone()),
                None => {
                    let rows = lock(index)?.rows_by_token(&new.instance_id, token);
                    first_of(&transaction, rows, same_token)?
                }
            };
            if let Some(earlier) = earlier {
                decisions.push(if earlier.request_digest == new.request_digest {
                    Decision::Replayed(Box::new(earlier))
                } else {
                    Decision::Conflict
                });
                continue;
            }
        }
        insert.execute(params![
            new.instance_id,
            new.contact_id,
            new.arn,
            new.channel,
            new.initiation_method,
            new.initiate_as,
            new.name,
            new.description,
            new.related_contact_id,
            new.previous_contact_id,
            new.initial_contact_id,
            new.segment_attributes,
            new.expiry_minutes,
            new.created_at,
            new.client_token,
            new.request_digest,
        ])?;
        added.push((transaction.last_insert_rowid(), new));
        decisions.push(Decision::Inserted);
    }
    drop(insert);
    transaction.commit()?;
    let mut index = lock(index)?;
    for (row, new) in added {
        index.add(
            row,
            &new.instance_id,
            &new.contact_id,
            new.client_token.as_deref(),
        );
    }
    Ok(decisions)
}

/// The writer thread: takes every create waiting, commits them together, answers each.
fn write(mut connection: Connection, index: Arc<Mutex<Index>>, pending: mpsc::Receiver<Pending>) {
    let mut group = Vec::with_capacity(GROUP);
    while let Ok(first) = pending.recv() {
        group.push(first);
        while group.len() < GROUP {
            match pending.try_recv() {
                Ok(next) => group.push(next),
                Err(_) => break,
            }
        }
        match commit(&mut connection, &index, &group) {
            Ok(decisions) => {
                for ((new, answer), decision) in group.drain(..).zip(decisions) {
                    let _ = answer.send(Ok(match decision {
                        Decision::Inserted => Stored::Created(new),
                        Decision::Replayed(earlier) => Stored::Replayed(*earlier),
                        Decision::Conflict => Stored::Conflict,
                    }));
                }
            }
            Err(error) => {
                for (_, answer) in group.drain(..) {
                    let _ = answer.send(Err(error.clone()));
                }
            }
        }
    }
}

/// The index of every stored contact, read from the table.
fn rebuild(connection: &Connection) -> Result<Index, StoreError> {
    let mut index = Index::default();
    let mut rows =
        connection.prepare("SELECT rowid, instance_id, contact_id, client_token FROM contacts")?;
    let mut rows = rows.query([])?;
    while let Some(row) = rows.next()? {
        let (instance_id, contact_id): (String, String) = (row.get(1)?, row.get(2)?);
        let token: Option<String> = row.get(3)?;
        index.add(row.get(0)?, &instance_id, &contact_id, token.as_deref());
    }
    Ok(index)
}

/// Every half second, copies the WAL into the database file and starts the WAL over, until the
/// store is dropped (`stop` disconnects). A failed checkpoint is logged and tried again after a
/// back-off that doubles up to 30 seconds; the next success returns to the half-second pace.
///
/// A passive checkpoint alone never catches up with a writer that keeps committing, so the WAL
/// would grow for as long as the load lasts, each commit extending the file. The passive pass
/// copies nearly everything without holding the writer up; the restarting pass that follows
/// holds it only while it copies what was committed meanwhile, and lets the next commit write the
/// WAL from its start again, over pages the file already has.
fn checkpoint(connection: Connection, stop: mpsc::Receiver<()>) {
    repeat_with_back_off(
        Duration::from_millis(500),
        Duration::from_secs(30),
        &stop,
        || {
            [
                "PRAGMA wal_checkpoint(PASSIVE)",
                "PRAGMA wal_checkpoint(RESTART)",
            ]
            .iter()
            .try_for_each(|pragma| connection.query_row(pragma, [], |_| Ok(())))
        },
    );
}

/// Runs `pass` every `pace` until `stop` disconnects; after a failure (logged) the wait doubles,
/// up to `most`, and a success brings it back to `pace`.
fn repeat_with_back_off<E: std::fmt::Display>(
    pace: Duration,
    most: Duration,
    stop: &mpsc::Receiver<()>,
    mut pass: impl FnMut() -> Result<(), E>,
) {
    let mut wait = pace;
    while let Err(mpsc::RecvTimeoutError::Timeout) = stop.recv_timeout(wait) {
        match pass() {
            Ok(()) => wait = pace,
            Err(error) => {
                wait = (wait * 2).min(most);
                tracing::error!(%error, retry_in = ?wait, "checkpoint failed");
            }
        }
    }
}

impl Store {
    /// Opens (or creates) the store at `path`, or one in memory for `None`.
    pub fn open(path: Option<&Path>) -> Result<Store, StoreError> {
        let name = format!(
            "connect-local-{}-{}",
            std::process::id(),
            MEMORY.fetch_add(1, Ordering::Relaxed)
        );
        let writer = connect(path, &name)?;
        if path.is_some() {
            // WAL: readers do not wait for the writer, and a committed write survives the process.
            writer.pragma_update(None, "journal_mode", "WAL")?;
            writer.pragma_update(None, "synchronous", "NORMAL")?;
            // Checkpoints run on a connection of their own (below), not in the middle of a commit.
            writer.pragma_update(None, "wal_autocheckpoint", 0)?;
        }
        writer.execute_batch(SCHEMA)?;
        let index = Arc::new(Mutex::new(rebuild(&writer)?));
        let reader = connect(path, &name)?;
        let mut checkpoint_stop = None;
        if path.is_some() {
            let checkpointer = connect(path, &name)?;
            let (stop, stopped) = mpsc::channel();
            checkpoint_stop = Some(stop);
            std::thread::Builder::new()
                .name("contacts-checkpoint".to_owned())
                .spawn(move || checkpoint(checkpointer, stopped))
                .map_err(|e| StoreError(format!("cannot start the checkpointer: {e}")))?;
        }
        let (sender, receiver) = mpsc::channel();
        let writer_index = index.clone();
        std::thread::Builder::new()
            .name("contacts-writer".to_owned())
            .spawn(move || write(writer, writer_index, receiver))
            .map_err(|e| StoreError(format!("cannot start the writer: {e}")))?;
        Ok(Store {
            reader: Mutex::new(reader),
            writer: Mutex::new(sender),
            index,
            _checkpoint_stop: checkpoint_stop,
        })
    }

    /// The contact, if the instance has it.
    pub fn get(&self, instance_id: &str, contact_id: &str) -> Result<Option<Contact>, StoreError> {
        let rows = lock(&self.index)?.rows_by_id(instance_id, contact_id);
        if rows.is_empty() {
            return Ok(None);
        }
        first_of(&*lock(&self.reader)?, rows, |found| {
            found.instance_id == instance_id && found.contact_id == contact_id
        })
    }

    /// Stores a new contact unless its token was used before; answers once it is committed.
    pub async fn create(&self, new: Contact) -> Result<Stored, StoreError> {
        let (answer, outcome) = oneshot::channel();
        lock(&self.writer)?
            .send((new, answer))
            .map_err(|_| StoreError("the store's writer has stopped".to_owned()))?;
        outcome
            .await
            .map_err(|_| StoreError("the store's writer has stopped".to_owned()))?
    }

    /// How many contacts the instance has.
    pub fn count(&self, instance_id: &str) -> Result<u64, StoreError> {
        Ok(lock(&self.index)?.count(instance_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(id: &str, token: Option<&str>, digest: &str) -> Contact {
        Contact {
            instance_id: "i".into(),
            contact_id: id.into(),
            arn: format!("arn:{id}"),
            channel: "TASK".into(),
            initiation_method: "API".into(),
            initiate_as: None,
            name: Some("n".into()),
            description: None,
            related_contact_id: None,
            previous_contact_id: None,
            initial_contact_id: id.into(),
            segment_attributes: None,
            expiry_minutes: None,
            created_at: 1.5,
            client_token: token.map(str::to_owned),
            request_digest: digest.into(),
        }
    }

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
    }

    /// The id of the contact a replay returned.
    fn replayed(outcome: Stored) -> String {
        match outcome {
            Stored::Replayed(earlier) => earlier.contact_id,
            other => panic!("not a replay: {other:?}"),
        }
    }

    #[test]
    fn tokens_replay_or_conflict() {
        let runtime = runtime();
        let store = Store::open(None).unwrap();
        let store = &store;
        let create = |c: Contact| runtime.block_on(store.create(c));
        assert!(matches!(
            create(sample("a", Some("t"), "d1")).unwrap(),
            Stored::Created(_)
        ));
        assert_eq!(replayed(create(sample("b", Some("t"), "d1")).unwrap()), "a");
        assert_eq!(
            create(sample("c", Some("t"), "d2")).unwrap(),
            Stored::Conflict
        );
        assert!(matches!(
            create(sample("d", None, "d1")).unwrap(),
            Stored::Created(_)
        ));
        assert_eq!(store.count("i").unwrap(), 2);
        assert_eq!(
            store.get("i", "a").unwrap().unwrap().name.as_deref(),
            Some("n")
        );
        assert_eq!(store.get("i", "zzz").unwrap(), None);
    }

    #[test]
    fn the_same_token_twice_in_one_group_is_one_contact() {
        let runtime = runtime();
        let store = Store::open(None).unwrap();
        // Both are queued before the writer takes a group, so they usually share one.
        let (first, second) = runtime.block_on(async {
            tokio::join!(
                store.create(sample("a", Some("t"), "d")),
                store.create(sample("b", Some("t"), "d"))
            )
        });
        assert!(matches!(first.unwrap(), Stored::Created(_)));
        assert_eq!(replayed(second.unwrap()), "a");
        assert_eq!(store.count("i").unwrap(), 1);
    }

    #[test]
    fn a_reopened_store_finds_its_contacts_by_id_and_token() {
        let path = std::env::temp_dir().join(format!(
            "connect-local-store-test-{}-{}.db",
            std::process::id(),
            MEMORY.fetch_add(1, Ordering::Relaxed)
        ));
        let runtime = runtime();
        let create = |store: &Store, c: Contact| runtime.block_on(store.create(c)).unwrap();
        {
            let store = Store::open(Some(&path)).unwrap();
            create(&store, sample("a", Some("t"), "d1"));
            create(&store, sample("b", None, "d1"));
        }
        let store = Store::open(Some(&path)).unwrap();
        assert_eq!(store.count("i").unwrap(), 2);
        assert_eq!(store.get("i", "b").unwrap().unwrap().contact_id, "b");
        assert_eq!(store.get("other", "b").unwrap(), None);
        assert_eq!(replayed(create(&store, sample("c", Some("t"), "d1"))), "a");
        assert_eq!(
            create(&store, sample("c", Some("t"), "d2")),
            Stored::Conflict
        );
        drop(store);
        for suffix in ["", "-wal", "-shm"] {
            let mut name = path.clone().into_os_string();
            name.push(suffix);
            let _ = std::fs::remove_file(name);
        }
    }

    #[test]
    fn the_checkpointer_backs_off_after_failures_and_goes_on() {
        let (stop, stopped) = mpsc::channel();
        let outcomes = Mutex::new(vec![Ok(()), Err("busy"), Err("busy"), Ok(()), Ok(())]);
        let calls = AtomicU64::new(0);
        std::thread::scope(|scope| {
            let (outcomes, calls) = (&outcomes, &calls);
            scope.spawn(move || {
                repeat_with_back_off(
                    Duration::from_millis(1),
                    Duration::from_millis(4),
                    &stopped,
                    || {
                        calls.fetch_add(1, Ordering::SeqCst);
                        let mut left = outcomes.lock().unwrap();
                        if left.is_empty() {
                            Ok(())
                        } else {
                            left.remove(0)
                        }
                    },
                )
            });
            // Passes go on after the failures; dropping the sender ends the loop.
            while calls.load(Ordering::SeqCst) < 8 {
                std::thread::yield_now();
            }
            drop(stop);
        });
        assert!(outcomes.lock().unwrap().is_empty());
    }
}
