//! Contacts in SQLite (WAL mode): a contact is committed before its answer is written, so a
//! restart, or the process killed at any moment, loses no contact that was answered.

use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;
use std::sync::Mutex;

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
    /// A digest of every parameter but the token, to tell a replay from a reuse of the token.
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

/// The contacts, behind one connection.
pub struct Store {
    connection: Mutex<Connection>,
}

/// A storage failure, reported as an internal error.
#[derive(Debug)]
pub struct StoreError(pub String);

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
    request_digest TEXT NOT NULL,
    PRIMARY KEY (instance_id, contact_id)
);
CREATE UNIQUE INDEX IF NOT EXISTS contacts_by_token
    ON contacts (instance_id, client_token) WHERE client_token IS NOT NULL;
";

const COLUMNS: &str =
    "instance_id, contact_id, arn, channel, initiation_method, initiate_as, name, \
description, related_contact_id, previous_contact_id, initial_contact_id, segment_attributes, \
expiry_minutes, created_at, client_token, request_digest";

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

impl Store {
    /// Opens (or creates) the store at `path`, or one in memory for `None`.
    pub fn open(path: Option<&Path>) -> Result<Store, StoreError> {
        let connection = match path {
            Some(path) => Connection::open(path)?,
            None => Connection::open_in_memory()?,
        };
        // WAL: readers do not wait for the writer, and a committed write survives the process.
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "NORMAL")?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        connection.execute_batch(SCHEMA)?;
        Ok(Store {
            connection: Mutex::new(connection),
        })
    }

    fn with<T>(
        &self,
        work: impl FnOnce(&mut Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut connection = self
            .connection
            .lock()
            .map_err(|_| StoreError("the store's lock was poisoned".to_owned()))?;
        work(&mut connection)
    }

    /// The contact, if the instance has it.
    pub fn get(&self, instance_id: &str, contact_id: &str) -> Result<Option<Contact>, StoreError> {
        self.with(|connection| {
            Ok(connection
                .query_row(
                    &format!(
                        "SELECT {COLUMNS} FROM contacts WHERE instance_id = ?1 AND contact_id = ?2"
                    ),
                    params![instance_id, contact_id],
                    contact,
                )
                .optional()?)
        })
    }

    /// Stores a new contact unless its token was used before, in one transaction.
    pub fn create(&self, new: Contact) -> Result<Stored, StoreError> {
        self.with(|connection| {
            let transaction = connection.transaction()?;
            if let Some(token) = &new.client_token {
                let existing = transaction
                    .query_row(
                        &format!("SELECT {COLUMNS} FROM contacts WHERE instance_id = ?1 AND client_token = ?2"),
                        params![new.instance_id, token],
                        contact,
                    )
                    .optional()?;
                if let Some(existing) = existing {
                    return Ok(if existing.request_digest == new.request_digest {
                        Stored::Replayed(existing)
                    } else {
                        Stored::Conflict
                    });
                }
            }
            transaction.execute(
                &format!("INSERT INTO contacts ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"),
                params![
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
                ],
            )?;
            transaction.commit()?;
            Ok(Stored::Created(new))
        })
    }

    /// How many contacts the instance has (for tests and the admin endpoint).
    pub fn count(&self, instance_id: &str) -> Result<u64, StoreError> {
        self.with(|connection| {
            Ok(connection.query_row(
                "SELECT COUNT(*) FROM contacts WHERE instance_id = ?1",
                params![instance_id],
                |row| row.get::<_, i64>(0),
            )? as u64)
        })
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

    #[test]
    fn tokens_replay_or_conflict() {
        let store = Store::open(None).unwrap();
        assert!(matches!(
            store.create(sample("a", Some("t"), "d1")).unwrap(),
            Stored::Created(_)
        ));
        match store.create(sample("b", Some("t"), "d1")).unwrap() {
            Stored::Replayed(first) => assert_eq!(first.contact_id, "a"),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            store.create(sample("c", Some("t"), "d2")).unwrap(),
            Stored::Conflict
        );
        assert!(matches!(
            store.create(sample("d", None, "d1")).unwrap(),
            Stored::Created(_)
        ));
        assert_eq!(store.count("i").unwrap(), 2);
        assert_eq!(
            store.get("i", "a").unwrap().unwrap().name.as_deref(),
            Some("n")
        );
        assert_eq!(store.get("i", "zzz").unwrap(), None);
    }
}
