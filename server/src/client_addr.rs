//! The address a request came from, which limits what anyone may do without a credential.

use std::convert::Infallible;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName};

use crate::AppState;

/// The TCP peer's address or, with `ONBOARD_CLIENT_IP_HEADER` set, the right-most address of
/// that header: the one the load balancer appended (those left of it are whatever the client
/// sent). An IPv6 client is its /64, which one subscriber is given whole. `None` when neither
/// is known: a router driven without a listener.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(Option<IpAddr>);

impl ClientAddr {
    /// The key its limits are counted under; clients of unknown address share one.
    pub fn key(&self) -> String {
        self.0.map(|ip| ip.to_string()).unwrap_or_default()
    }
}

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        let forwarded = state
            .config
            .client_ip_header
            .as_ref()
            .and_then(|name| right_most(&parts.headers, name));
        let address = match forwarded {
            Some(address) => Some(address),
            None => ConnectInfo::<SocketAddr>::from_request_parts(parts, state)
                .await
                .ok()
                .map(|ConnectInfo(peer)| peer.ip()),
        };
        Ok(Self(address.map(subscriber)))
    }
}

/// The last address of the header's last line: `client, proxy1, proxy2` names `proxy2`.
fn right_most(headers: &HeaderMap, name: &HeaderName) -> Option<IpAddr> {
    let last = headers.get_all(name).iter().next_back()?.to_str().ok()?;
    let entry = last.rsplit(',').next()?.trim();
    entry
        .parse()
        .or_else(|_| entry.parse::<SocketAddr>().map(|address| address.ip()))
        .ok()
}

/// IPv4 as it is (also when written as IPv6), IPv6 by its /64.
fn subscriber(address: IpAddr) -> IpAddr {
    match address.to_canonical() {
        IpAddr::V6(v6) => IpAddr::V6(Ipv6Addr::from_bits(v6.to_bits() & u128::MAX << 64)),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_right_most_address_of_the_last_header_line_is_the_clients() {
        let name = HeaderName::from_static("x-forwarded-for");
        let mut headers = HeaderMap::new();
        assert_eq!(right_most(&headers, &name), None);
        headers.append(&name, "198.51.100.1, 203.0.113.9".parse().unwrap());
        headers.append(&name, "192.0.2.1,  192.0.2.2 ".parse().unwrap());
        assert_eq!(right_most(&headers, &name), "192.0.2.2".parse().ok());
        headers.append(&name, "[2001:db8::1]:4711".parse().unwrap());
        assert_eq!(right_most(&headers, &name), "2001:db8::1".parse().ok());
        headers.append(&name, "192.0.2.1, unknown".parse().unwrap());
        assert_eq!(right_most(&headers, &name), None);
    }

    #[test]
    fn an_ipv6_client_is_its_64_and_a_mapped_ipv4_one_its_ipv4_address() {
        let ip = |text: &str| text.parse::<IpAddr>().unwrap();
        assert_eq!(subscriber(ip("2001:db8:1:2:3:4:5:6")), ip("2001:db8:1:2::"));
        assert_eq!(subscriber(ip("::ffff:192.0.2.7")), ip("192.0.2.7"));
        assert_eq!(subscriber(ip("192.0.2.7")), ip("192.0.2.7"));
    }
}
