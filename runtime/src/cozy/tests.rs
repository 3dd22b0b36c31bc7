//! Unit tests of the local Cozy handler.
