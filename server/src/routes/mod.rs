pub mod hosted;
pub mod session;
pub mod sessions;
pub mod web;
