//! Property tests of the request parser: whatever bytes arrive, `envelope::parse` returns a
//! value or a 1014 fault and never panics; valid envelopes with any prefixes, whitespace and
//! comments parse to the same request; hostile constructs are always refused.
//!
//! The inputs come from a small deterministic generator (no extra crates): mutations of valid
//! envelopes (flips, cuts, insertions of markup) and generated documents. `PLANNER_FUZZ_CASES`
//! raises the number of cases for a longer run.

use super::envelope::{self, Version};
use super::NAMESPACE;

/// A tiny deterministic generator (64-bit LCG), enough to spread inputs.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn cases() -> usize {
    std::env::var("PLANNER_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(20_000)
}

const FIELDS: &str = "<PersonCivilRegistrationIdentifier>0101851234</PersonCivilRegistrationIdentifier><InterviewOptionIdentifier>0f8fad5b-d9cb-469f-a165-70867728950e</InterviewOptionIdentifier>";

/// A valid envelope with the given prefixes, padding and comments.
fn valid(rng: &mut Lcg) -> String {
    let prefixes = ["s", "soap", "SOAP-ENV", "x1", "env"];
    let body_prefixes = ["", "p:", "tns:", "a:"];
    let env = prefixes[rng.below(prefixes.len())];
    let body = body_prefixes[rng.below(body_prefixes.len())];
    let pad = ["", " ", "\n  ", "<!-- c -->", "\t<!--x-->\n"][rng.below(5)];
    let ns_decl = if body.is_empty() {
        format!("xmlns=\"{NAMESPACE}\"")
    } else {
        format!("xmlns:{}=\"{NAMESPACE}\"", &body[..body.len() - 1])
    };
    let fields = if body.is_empty() {
        FIELDS.to_owned()
    } else {
        FIELDS.replace('<', &format!("<{body}")).replace(&format!("<{body}/"), &format!("</{body}"))
    };
    format!(
        "<?xml version=\"1.0\"?>{pad}<{env}:Envelope xmlns:{env}=\"http://schemas.xmlsoap.org/soap/envelope/\">{pad}<{env}:Header/>{pad}<{env}:Body>{pad}<{body}GetSelfbookCaseWorkersRequest {ns_decl}>{pad}{fields}{pad}</{body}GetSelfbookCaseWorkersRequest>{pad}</{env}:Body>{pad}</{env}:Envelope>{pad}"
    )
}

const INSERTS: [&str; 12] = [
    "<",
    ">",
    "&",
    "&amp;",
    "&#x0;",
    "<!DOCTYPE x [<!ENTITY a \"aaaa\">]>",
    "<?pi x?>",
    "<![CDATA[x]]>",
    "\u{0}",
    "\u{ffff}",
    "</s:Body>",
    "<x:y>",
];

fn mutate(rng: &mut Lcg, text: &str) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(4) {
            0 if !bytes.is_empty() => {
                let at = at.min(bytes.len() - 1);
                bytes[at] ^= 1 << rng.below(8);
            }
            1 => bytes.truncate(at),
            2 => {
                let insert = INSERTS[rng.below(INSERTS.len())].as_bytes();
                bytes.splice(at..at, insert.iter().copied());
            }
            _ => {
                let end = (at + rng.below(16)).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
        }
    }
    bytes
}

#[test]
fn valid_envelopes_parse_to_the_same_request_whatever_the_prefixes() {
    let mut rng = Lcg(7);
    let reference = envelope::parse(valid(&mut Lcg(1)).as_bytes(), Version::Soap11).expect("valid").body;
    for _ in 0..cases() / 10 {
        let text = valid(&mut rng);
        let parsed = envelope::parse(text.as_bytes(), Version::Soap11)
            .unwrap_or_else(|(_, f)| panic!("{f:?}: {text}"));
        assert_eq!(parsed.body, reference, "{text}");
    }
}

#[test]
fn mutated_envelopes_never_panic_and_fault_with_1014() {
    let mut rng = Lcg(42);
    for _ in 0..cases() {
        let text = valid(&mut rng);
        let bytes = mutate(&mut rng, &text);
        let outcome = std::panic::catch_unwind(|| envelope::parse(&bytes, Version::Soap11));
        match outcome {
            Ok(Ok(_)) => {}
            Ok(Err((_, fault))) => assert_eq!(fault.code, 1014, "{}", String::from_utf8_lossy(&bytes)),
            Err(_) => panic!("the parser panicked on: {:?}", String::from_utf8_lossy(&bytes)),
        }
    }
}

#[test]
fn hostile_documents_are_refused() {
    let envelope_with = |inner: &str| {
        format!("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>{inner}</s:Body></s:Envelope>")
    };
    let laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]><lolz>&lol2;</lolz>".to_owned();
    let external =
        "<?xml version=\"1.0\"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><foo>&xxe;</foo>"
            .to_owned();
    let deep = envelope_with(&format!("{}{}", "<a>".repeat(10_000), "</a>".repeat(10_000)));
    let undeclared = envelope_with("<p:Op/>");
    for hostile in [laughs, external, deep, undeclared, envelope_with("&unknown;")] {
        let (_, fault) = envelope::parse(hostile.as_bytes(), Version::Soap11).expect_err("refused");
        assert_eq!(fault.code, 1014);
        assert!(!fault.text.contains("root:"), "nothing read from disk");
    }
}
