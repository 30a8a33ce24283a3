//! Answering one request: route it, check its signature, apply faults and the rate limit, read it
//! with the generated server half, check the model's constraints and the service's rules, store or
//! look up the contact, and write the answer with the generated writers.

use crate::auth;
use crate::config::{Instance, Options};
use crate::faults::{Draws, Fault, Faults, RateLimit};
use crate::generated::error::{
    IdempotencyException, InternalServiceException, InvalidParameterException,
    InvalidRequestException, ResourceNotFoundException, ThrottlingException,
};
use crate::generated::operations::create_contact::{
    CreateContactError, CreateContactInput, CreateContactOutput,
};
use crate::generated::operations::describe_contact::{DescribeContactError, DescribeContactOutput};
use crate::generated::primitives::UnhandledError;
use crate::generated::server::{self, Operation};
use crate::generated::types::{Channel, ContactInitiationMethod};
use crate::rules::{self, Broken};
use crate::store::{Contact, Store, Stored};
use crate::wire::{ReceivedRequest, RequestError};
use connect_runtime::http::HttpResponse;
use connect_runtime::json::{JsonReader, JsonWriter};
use connect_runtime::primitives::DateTime;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{SystemTime, UNIX_EPOCH};

/// How a request ends.
pub enum Answer {
    /// Write this response.
    Respond(HttpResponse),
    /// Drop the connection without an answer (an injected reset).
    Drop,
}

/// Why [`Service::admit`] refuses a request; each operation turns it into its own error.
enum Refusal {
    Invalid(String),
    NotFound(String),
    Throttled,
    Internal,
}

/// The parts of an error every operation's error enum has, built from a refusal.
macro_rules! refused {
    ($name:ident, $error:ident) => {
        fn $name(refusal: Refusal) -> $error {
            match refusal {
                Refusal::Invalid(message) => $error::InvalidParameterException(
                    InvalidParameterException::builder()
                        .message(message)
                        .build(),
                ),
                Refusal::NotFound(message) => $error::ResourceNotFoundException(
                    ResourceNotFoundException::builder()
                        .message(message)
                        .build(),
                ),
                Refusal::Throttled => $error::ThrottlingException(
                    ThrottlingException::builder()
                        .message("Rate exceeded")
                        .build(),
                ),
                Refusal::Internal => $error::InternalServiceException(
                    InternalServiceException::builder()
                        .message("Internal service error (injected)")
                        .build(),
                ),
            }
        }
    };
}

refused!(create_contact_refused, CreateContactError);
refused!(describe_contact_refused, DescribeContactError);

/// Everything the handler shares between requests.
pub struct Service {
    pub options: Options,
    pub store: Store,
    verifier: auth::Verifier,
    faults: RwLock<Faults>,
    draws: Mutex<Draws>,
    rate: Option<RateLimit>,
    instances: BTreeMap<String, Instance>,
}

fn json_response(status: u16, code: Option<&str>, message: &str) -> HttpResponse {
    let mut writer = JsonWriter::new();
    writer.begin_object();
    writer.key("message");
    writer.string(message);
    writer.end_object();
    let mut headers = vec![("Content-Type".to_owned(), "application/json".to_owned())];
    if let Some(code) = code {
        headers.push(("X-Amzn-ErrorType".to_owned(), code.to_owned()));
    }
    HttpResponse {
        status,
        headers,
        body: writer.finish(),
    }
}

fn now_secs() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs_f64()
}

impl Service {
    pub fn new(options: Options, store: Store) -> Arc<Service> {
        let instances = options
            .instances
            .iter()
            .map(|i| (i.id.clone(), i.clone()))
            .collect();
        Arc::new(Service {
            verifier: auth::Verifier::new(options.keys.clone(), &options.region),
            faults: RwLock::new(options.faults),
            draws: Mutex::new(Draws::new(options.faults.seed)),
            rate: options.rate.map(RateLimit::new),
            instances,
            options,
            store,
        })
    }

    /// The faults in force now.
    pub fn faults(&self) -> Faults {
        self.faults.read().map(|f| *f).unwrap_or_default()
    }

    /// Puts other faults in force (as `POST /_local/faults` does).
    pub fn set_faults(&self, faults: Faults) {
        if let Ok(mut current) = self.faults.write() {
            *current = faults;
        }
        if let (Some(seed), Ok(mut draws)) = (faults.seed, self.draws.lock()) {
            *draws = Draws::new(Some(seed));
        }
    }

    /// Answers one request.
    pub async fn handle(&self, request: &ReceivedRequest) -> (Answer, &'static str) {
        if self.options.auth {
            if let Err(refusal) = self.verifier.verify(request, SystemTime::now()) {
                let name = match server::route(&request.method, request.path()) {
                    Some((operation, _)) => operation.name(),
                    None => "-",
                };
                return (
                    Answer::Respond(json_response(403, Some(refusal.code), &refusal.message)),
                    name,
                );
            }
        }
        if request.path() == "/_local/faults" {
            return (Answer::Respond(self.admin(request)), "admin");
        }
        let Some((operation, labels)) = server::route(&request.method, request.path()) else {
            let response = json_response(
                404,
                Some("UnknownOperationException"),
                &format!("No operation answers {} {}", request.method, request.path()),
            );
            return (Answer::Respond(response), "unknown");
        };
        let name = operation.name();
        let faults = self.faults();
        if !faults.latency.is_zero() {
            tokio::time::sleep(faults.latency).await;
        }
        let fault = if faults.is_quiet() {
            Fault::None
        } else {
            match self.draws.lock() {
                Ok(mut draws) => draws.next(&faults),
                Err(_) => Fault::None,
            }
        };
        let answer = match operation {
            Operation::CreateContact => self.create_contact(request, &labels, fault).await,
            Operation::DescribeContact => self.describe_contact(request, &labels, fault),
        };
        (answer, name)
    }

    /// `POST /_local/faults` with `throttle=0.2,...` sets the faults; `GET` shows them.
    fn admin(&self, request: &ReceivedRequest) -> HttpResponse {
        match request.method.as_str() {
            "POST" => {
                let text = String::from_utf8_lossy(&request.body);
                match Faults::parse(&text) {
                    Ok(faults) => {
                        self.set_faults(faults);
                        json_response(200, None, &format!("{faults:?}"))
                    }
                    Err(message) => json_response(400, Some("InvalidParameterException"), &message),
                }
            }
            "GET" => {
                let drawn = self.draws.lock().map(|d| d.report()).unwrap_or_default();
                json_response(200, None, &format!("{:?}; {drawn}", self.faults()))
            }
            _ => json_response(405, Some("UnknownOperationException"), "use GET or POST"),
        }
    }

    /// The instance, or the 404 the service answers for one it does not have.
    fn instance(&self, id: &str) -> Result<&Instance, String> {
        self.instances
            .get(id)
            .ok_or_else(|| format!("Instance {id} does not exist."))
    }

    fn throttled(&self, account: &str, fault: Fault) -> bool {
        fault == Fault::Throttle || self.rate.as_ref().is_some_and(|rate| !rate.admit(account))
    }

    /// What every operation checks first, in the service's order: the model's constraints, the
    /// instance, the rate and an injected internal error. The instance when all pass.
    fn admit(
        &self,
        checked: Result<(), String>,
        instance_id: &str,
        fault: Fault,
    ) -> Result<&Instance, Refusal> {
        checked.map_err(Refusal::Invalid)?;
        let instance = self.instance(instance_id).map_err(Refusal::NotFound)?;
        if self.throttled(&instance.account, fault) {
            return Err(Refusal::Throttled);
        }
        if fault == Fault::Internal {
            return Err(Refusal::Internal);
        }
        Ok(instance)
    }

    async fn create_contact(
        &self,
        request: &ReceivedRequest,
        labels: &[(&'static str, String)],
        fault: Fault,
    ) -> Answer {
        let respond = |error: CreateContactError| {
            Answer::Respond(
                server::create_contact::write_error(&error).unwrap_or_else(|e| {
                    json_response(500, Some("InternalServiceException"), &e.to_string())
                }),
            )
        };
        let input = match server::create_contact::read_request(request, labels) {
            Ok(input) => input,
            Err(RequestError::Malformed(error)) => {
                return Answer::Respond(json_response(
                    400,
                    Some("SerializationException"),
                    &error.to_string(),
                ))
            }
            Err(RequestError::Missing(error)) => {
                return respond(CreateContactError::InvalidParameterException(
                    InvalidParameterException::builder()
                        .message(error.to_string())
                        .build(),
                ))
            }
        };
        let checked = input.validate().map_err(|error| error.to_string());
        let instance = match self.admit(checked, &input.instance_id, fault) {
            Ok(instance) => instance,
            Err(refusal) => return respond(create_contact_refused(refusal)),
        };
        if fault == Fault::Reset {
            return Answer::Drop;
        }
        let expiry = match rules::check(&input) {
            Ok(expiry) => expiry.or(input.expiry_duration_in_minutes.map(i64::from)),
            Err(Broken::Request(message)) => {
                return respond(CreateContactError::InvalidRequestException(
                    InvalidRequestException::builder().message(message).build(),
                ))
            }
            Err(Broken::Parameter(message)) => {
                return respond(CreateContactError::InvalidParameterException(
                    InvalidParameterException::builder()
                        .message(message)
                        .build(),
                ))
            }
        };
        for (member, related) in [
            ("RelatedContactId", &input.related_contact_id),
            ("PreviousContactId", &input.previous_contact_id),
        ] {
            let Some(related) = related else { continue };
            match self.store.get(&instance.id, related) {
                Ok(Some(_)) => {}
                Ok(None) => {
                    return respond(CreateContactError::ResourceNotFoundException(
                        ResourceNotFoundException::builder()
                            .message(format!(
                                "{member} {related} does not exist in instance {}.",
                                instance.id
                            ))
                            .build(),
                    ))
                }
                Err(error) => return respond(internal(&error.0)),
            }
        }
        let contact = match new_contact(instance, &input, expiry) {
            Ok(contact) => contact,
            Err(message) => return respond(internal(&message)),
        };
        let stored = match self.store.create(contact).await {
            Ok(stored) => stored,
            Err(error) => return respond(internal(&error.0)),
        };
        let contact = match stored {
            Stored::Created(contact) | Stored::Replayed(contact) => contact,
            Stored::Conflict => {
                return respond(CreateContactError::IdempotencyException(
                    IdempotencyException::builder()
                        .message("The ClientToken was already used with other parameters.")
                        .build(),
                ))
            }
        };
        if fault == Fault::ResetAfterCommit {
            return Answer::Drop;
        }
        let output = CreateContactOutput::builder()
            .contact_id(contact.contact_id)
            .contact_arn(contact.arn)
            .build();
        match server::create_contact::write_response(&output) {
            Ok(response) => Answer::Respond(response),
            Err(error) => respond(internal(&error.to_string())),
        }
    }

    fn describe_contact(
        &self,
        request: &ReceivedRequest,
        labels: &[(&'static str, String)],
        fault: Fault,
    ) -> Answer {
        let respond = |error: DescribeContactError| {
            Answer::Respond(
                server::describe_contact::write_error(&error).unwrap_or_else(|e| {
                    json_response(500, Some("InternalServiceException"), &e.to_string())
                }),
            )
        };
        let input = match server::describe_contact::read_request(request, labels) {
            Ok(input) => input,
            Err(error) => {
                return Answer::Respond(json_response(
                    400,
                    Some("SerializationException"),
                    &error.to_string(),
                ))
            }
        };
        let checked = input.validate().map_err(|error| error.to_string());
        let instance = match self.admit(checked, &input.instance_id, fault) {
            Ok(instance) => instance,
            Err(refusal) => return respond(describe_contact_refused(refusal)),
        };
        if matches!(fault, Fault::Reset | Fault::ResetAfterCommit) {
            return Answer::Drop;
        }
        let contact = match self.store.get(&instance.id, &input.contact_id) {
            Ok(Some(contact)) => contact,
            Ok(None) => {
                return respond(DescribeContactError::ResourceNotFoundException(
                    ResourceNotFoundException::builder()
                        .message(format!(
                            "Contact {} does not exist in instance {}.",
                            input.contact_id, instance.id
                        ))
                        .build(),
                ))
            }
            Err(error) => {
                return respond(DescribeContactError::InternalServiceException(
                    InternalServiceException::builder().message(error.0).build(),
                ))
            }
        };
        let segment_attributes = contact.segment_attributes.as_deref().and_then(|text| {
            let reader = &mut JsonReader::from_text(text);
            crate::generated::json::read_segment_attributes(reader).ok()
        });
        let created = DateTime::from_secs_f64(contact.created_at);
        let described = crate::generated::types::Contact::builder()
            .arn(contact.arn)
            .id(contact.contact_id)
            .initial_contact_id(contact.initial_contact_id)
            .set_previous_contact_id(contact.previous_contact_id)
            .set_related_contact_id(contact.related_contact_id)
            .initiation_method(ContactInitiationMethod::from(
                contact.initiation_method.as_str(),
            ))
            .channel(Channel::from(contact.channel.as_str()))
            .set_name(contact.name)
            .set_description(contact.description)
            .set_initiation_timestamp(created)
            .set_last_update_timestamp(created)
            .set_segment_attributes(segment_attributes)
            .build();
        let output = DescribeContactOutput::builder().contact(described).build();
        match server::describe_contact::write_response(&output) {
            Ok(response) => Answer::Respond(response),
            Err(error) => respond(DescribeContactError::Unhandled(UnhandledError::new(
                Some("InternalServiceException".to_owned()),
                Some(error.to_string()),
                500,
                None,
            ))),
        }
    }
}

fn internal(message: &str) -> CreateContactError {
    CreateContactError::InternalServiceException(
        InternalServiceException::builder().message(message).build(),
    )
}

/// The contact a CreateContact input makes, with a fresh id and a digest of its parameters.
fn new_contact(
    instance: &Instance,
    input: &CreateContactInput,
    expiry: Option<i64>,
) -> Result<Contact, String> {
    let contact_id = connect_runtime::idempotency::new_token();
    let arn = format!(
        "arn:aws:connect:{}:{}:instance/{}/contact/{contact_id}",
        instance.region, instance.account, instance.id
    );
    // Only a token's replay compares parameters, so only a contact with a token needs their digest.
    let request_digest = match &input.client_token {
        Some(_) => {
            let mut unsigned = input.clone();
            unsigned.client_token = None;
            let mut writer = JsonWriter::new();
            crate::generated::json::write_create_contact_input(&mut writer, &unsigned)
                .map_err(|e| e.to_string())?;
            connect_runtime::body::md5_base64(&writer.finish())
        }
        None => String::new(),
    };
    let segment_attributes = match &input.segment_attributes {
        Some(map) => {
            let mut writer = JsonWriter::new();
            crate::generated::json::write_segment_attributes(&mut writer, map)
                .map_err(|e| e.to_string())?;
            Some(String::from_utf8(writer.finish()).map_err(|e| e.to_string())?)
        }
        None => None,
    };
    Ok(Contact {
        instance_id: instance.id.clone(),
        initial_contact_id: input
            .related_contact_id
            .clone()
            .unwrap_or_else(|| contact_id.clone()),
        contact_id,
        arn,
        channel: input.channel.as_str().to_owned(),
        initiation_method: input.initiation_method.as_str().to_owned(),
        initiate_as: input.initiate_as.as_ref().map(|i| i.as_str().to_owned()),
        name: input.name.clone(),
        description: input.description.clone(),
        related_contact_id: input.related_contact_id.clone(),
        previous_contact_id: input.previous_contact_id.clone(),
        segment_attributes,
        expiry_minutes: expiry,
        created_at: now_secs(),
        client_token: input.client_token.clone(),
        request_digest,
    })
}
