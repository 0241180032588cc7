//! Property tests of the request parser: whatever bytes arrive, `envelope::parse` returns a
//! value or a 1014 fault and never panics; valid envelopes with any prefixes, whitespace and
//! comments parse to the same request; hostile constructs are always refused.
//!
//! Every document the parser accepts is XML for the independent parser roxmltree too, and every
//! refusal is a fault whose envelope roxmltree reads and whose text stays short.
//!
//! The inputs come from a small deterministic generator (no extra crates): mutations of valid
//! envelopes (flips, cuts, random bytes, insertions of markup, control characters, character
//! references, duplicate attributes, huge names) and generated documents. `PLANNER_FUZZ_CASES`
//! raises the number of cases for a longer run (also of `answer_properties`).

use super::envelope::{self, Version};
use super::NAMESPACE;

/// A tiny deterministic generator (64-bit LCG), enough to spread inputs.
pub(super) struct Lcg(pub(super) u64);

impl Lcg {
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    pub(super) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// `PLANNER_FUZZ_CASES`, or `default`.
pub(super) fn fuzz_cases(default: usize) -> usize {
    std::env::var("PLANNER_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn cases() -> usize {
    fuzz_cases(20_000)
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

const INSERTS: [&str; 22] = [
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
    "\u{1}",
    "\u{1b}",
    "\u{8}",
    "&#1;",
    "&#x1b;",
    "&#xFFFE;",
    "&#0;",
    " a=\"1\" a=\"2\"",
    " xmlns:m=\"urn:m\" xmlns:n=\"urn:m\" m:a=\"1\" n:a=\"2\"",
    "0101851234",
];

/// Somewhere near markup: just after a `<` or just before a `>`, else anywhere.
fn near_markup(rng: &mut Lcg, bytes: &[u8]) -> usize {
    let marks: Vec<usize> = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'<' || **b == b'>')
        .map(|(i, b)| if *b == b'<' { i + 1 } else { i })
        .collect();
    match marks.len() {
        0 => rng.below(bytes.len() + 1),
        n => marks[rng.below(n)],
    }
}

/// `text` with one to four random mutations.
pub(super) fn mutate(rng: &mut Lcg, text: &str) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(7) {
            0 if !bytes.is_empty() => {
                let at = at.min(bytes.len() - 1);
                bytes[at] ^= 1 << rng.below(8);
            }
            1 => bytes.truncate(at),
            2 | 3 => {
                let insert = INSERTS[rng.below(INSERTS.len())].as_bytes();
                let at = if rng.below(2) == 0 { at } else { near_markup(rng, &bytes) };
                bytes.splice(at..at, insert.iter().copied());
            }
            4 => {
                let random: Vec<u8> = (0..1 + rng.below(4)).map(|_| rng.next() as u8).collect();
                bytes.splice(at..at, random);
            }
            5 if rng.below(20) == 0 => {
                // A huge name (or text): 200 000 characters.
                let at = near_markup(rng, &bytes);
                bytes.splice(at..at, std::iter::repeat_n(b'n', 200_000));
            }
            _ => {
                let end = (at + rng.below(16)).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
        }
    }
    bytes
}

/// Whatever `envelope::parse` says is consistent with roxmltree and safe to answer.
fn check_against_roxmltree(bytes: &[u8]) {
    let shown = || String::from_utf8_lossy(&bytes[..bytes.len().min(2000)]).into_owned();
    let outcome = std::panic::catch_unwind(|| envelope::parse(bytes, Version::Soap11))
        .unwrap_or_else(|_| panic!("the parser panicked on: {:?}", shown()));
    match outcome {
        Ok(_) => {
            let text = std::str::from_utf8(bytes).expect("accepted documents are UTF-8");
            if let Err(error) = roxmltree::Document::parse(text) {
                panic!("accepted, but roxmltree says {error}: {:?}", shown());
            }
        }
        Err((version, fault)) => {
            assert_eq!(fault.code, 1014, "{:?}", shown());
            assert!(fault.text.chars().count() <= 400, "{}", fault.text);
            let answer = envelope::fault(version, &fault);
            if let Err(error) = roxmltree::Document::parse(&answer) {
                panic!("the fault is not XML ({error}): {answer:?}");
            }
        }
    }
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

/// A quarter of the mutation cases, from the generator started at `seed`; the four quarters
/// run as four tests, side by side.
fn mutated_envelopes_from(seed: u64) {
    let mut rng = Lcg(seed);
    for _ in 0..cases() / 4 {
        let text = valid(&mut rng);
        check_against_roxmltree(&mutate(&mut rng, &text));
    }
}

#[test]
fn mutated_envelopes_are_xml_when_accepted_and_short_xml_faults_when_refused_1() {
    mutated_envelopes_from(42);
}

#[test]
fn mutated_envelopes_are_xml_when_accepted_and_short_xml_faults_when_refused_2() {
    mutated_envelopes_from(43);
}

#[test]
fn mutated_envelopes_are_xml_when_accepted_and_short_xml_faults_when_refused_3() {
    mutated_envelopes_from(44);
}

#[test]
fn mutated_envelopes_are_xml_when_accepted_and_short_xml_faults_when_refused_4() {
    mutated_envelopes_from(45);
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
