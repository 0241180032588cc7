//! What the tests share: fresh databases and the PostgreSQL gate, reference data and seeds, the
//! running server (`app`), the built binary, an HTTP receiver, the DFDG simulator and the
//! readers of WSDL headers.

pub mod app;
pub mod backends;
pub mod binary;
pub mod db;
pub mod dfdg;
pub mod dfdg_sim;
pub mod fixtures;
pub mod postgres;
pub mod receiver;
pub mod seed;
pub mod smtp;
pub mod store;
pub mod wsdl_headers;
pub mod xml;

pub(crate) use backends::both_backends;
