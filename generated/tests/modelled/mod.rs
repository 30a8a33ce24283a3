//! The errors the CreateContact model declares, with the HTTP status each one carries.

pub const ERRORS: [(&str, u16); 9] = [
    ("AccessDeniedException", 403),
    ("InternalServiceException", 500),
    ("InvalidRequestException", 400),
    ("InvalidParameterException", 400),
    ("ResourceNotFoundException", 404),
    ("ThrottlingException", 429),
    ("IdempotencyException", 409),
    ("ConflictException", 409),
    ("ServiceQuotaExceededException", 402),
];
