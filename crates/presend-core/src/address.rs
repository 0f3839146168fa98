//! Mailboxes: an address with an optional display name, as drafts carry them.

use serde::{Deserialize, Deserializer, Serialize};

/// One sender or recipient.
///
/// In a JSON draft a mailbox is either a string (`"Bob Roe <bob.roe@hotmail.co.uk>"` or
/// a bare address) or an object `{"name": "Bob Roe", "address": "bob.roe@hotmail.co.uk"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mailbox {
    /// Display name, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The address as written (`local@domain`).
    pub address: String,
}

impl Mailbox {
    /// A mailbox with no display name.
    pub fn new(address: impl Into<String>) -> Self {
        Self {
            name: None,
            address: address.into(),
        }
    }

    /// Parses `Name <local@domain>`, `"Name" <local@domain>` or a bare address.
    pub fn parse(text: &str) -> Self {
        let text = text.trim();
        if let (Some(open), true) = (text.rfind('<'), text.ends_with('>')) {
            let address = text[open + 1..text.len() - 1].trim().to_owned();
            let name = text[..open].trim().trim_matches('"').trim();
            let name = (!name.is_empty()).then(|| name.to_owned());
            return Self { name, address };
        }
        Self::new(text.trim_matches(|c| c == '<' || c == '>'))
    }

    /// The address in lower case, the form every comparison uses. (Local parts are
    /// case-sensitive in theory; no mail system a practice writes to treats them so.)
    pub fn normalized(&self) -> String {
        self.address.trim().to_lowercase()
    }

    /// The domain in lower case, if the address has one.
    pub fn domain(&self) -> Option<String> {
        domain_of(&self.address).map(str::to_lowercase)
    }
}

/// The part of `address` after its last `@`, if non-empty.
pub fn domain_of(address: &str) -> Option<&str> {
    let (_, domain) = address.trim().rsplit_once('@')?;
    let domain = domain.trim_end_matches('.');
    (!domain.is_empty()).then_some(domain)
}

/// Whether `domain` is `parent` or one of its subdomains. Both must be lower case.
pub fn domain_within(domain: &str, parent: &str) -> bool {
    domain == parent
        || (domain.len() > parent.len()
            && domain.ends_with(parent)
            && domain.as_bytes()[domain.len() - parent.len() - 1] == b'.')
}

/// `domain` and each parent domain of it: `a.b.com`, `b.com`, `com`.
pub fn domain_suffixes(domain: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(Some(domain), |d| {
        d.split_once('.').map(|(_, parent)| parent)
    })
}

impl<'de> Deserialize<'de> for Mailbox {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A visitor rather than an untagged enum, so that an error inside the object
        // form (an unknown member, say) reaches the caller instead of a generic message.
        struct MailboxVisitor;

        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Object {
            #[serde(default)]
            name: Option<String>,
            address: String,
        }

        impl<'de> serde::de::Visitor<'de> for MailboxVisitor {
            type Value = Mailbox;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an address string or an object {\"name\", \"address\"}")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Mailbox, E> {
                Ok(Mailbox::parse(text))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Mailbox, A::Error> {
                let Object { name, address } =
                    Object::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(Mailbox {
                    name: name.filter(|name| !name.trim().is_empty()),
                    address: address.trim().to_owned(),
                })
            }
        }

        deserializer.deserialize_any(MailboxVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_display_name_forms() {
        let quoted = Mailbox::parse("\"Roe, Bob\" <Bob.Roe@Hotmail.co.uk>");
        assert_eq!(quoted.name.as_deref(), Some("Roe, Bob"));
        assert_eq!(quoted.normalized(), "bob.roe@hotmail.co.uk");
        assert_eq!(quoted.domain().as_deref(), Some("hotmail.co.uk"));
        assert_eq!(Mailbox::parse(" a@b.com ").address, "a@b.com");
        assert_eq!(Mailbox::parse("<a@b.com>").address, "a@b.com");
    }

    #[test]
    fn subdomains_are_within_their_parent_but_lookalikes_are_not() {
        assert!(domain_within("nhs.net", "nhs.net"));
        assert!(domain_within("mail.nhs.net", "nhs.net"));
        assert!(!domain_within("fakenhs.net", "nhs.net"));
        assert_eq!(domain_of("no-at-sign"), None);
        assert_eq!(domain_of("x@"), None);
    }
}
