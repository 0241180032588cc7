//! Masking for operator output: anything shaped like a CPR number is hidden, whatever field or
//! free text it hides in (contract §5 keeps CPR numbers out of operator output). Used by the
//! CLI's audit tail and by the lists of DFDG's error reports, whose free text may hold one.

/// Masks anything shaped like a CPR number (ten digits, or six, a dash and four), whatever
/// field it hides in: contract §5 keeps CPR numbers out of operator output.
pub fn mask_cpr(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut index = 0;
    while index < chars.len() {
        let run = |from: usize| chars[from..].iter().take_while(|c| c.is_ascii_digit()).count();
        let starts_number = index == 0 || !chars[index - 1].is_ascii_digit();
        if starts_number && chars[index].is_ascii_digit() {
            let digits = run(index);
            if digits == 10 {
                out.push_str("**********");
                index += 10;
                continue;
            }
            if digits == 6 && chars.get(index + 6) == Some(&'-') && run(index + 7) == 4 {
                out.push_str("******-****");
                index += 11;
                continue;
            }
            out.extend(&chars[index..index + digits]);
            index += digits;
            continue;
        }
        out.push(chars[index]);
        index += 1;
    }
    out
}

/// A message id for operator output: a well-formed UUID (DFDG's ids are UUIDs) as it is, else
/// masked like free text. Masking inside a UUID garbled about one random id in a few hundred (a
/// group of six digits before a group of four looks like a CPR number), so an operator could not
/// find the message by the id shown.
pub fn mask_message_id(id: &str) -> String {
    match uuid::Uuid::try_parse(id) {
        Ok(parsed) if parsed.hyphenated().to_string() == id.to_ascii_lowercase() => id.to_owned(),
        _ => mask_cpr(id),
    }
}

#[cfg(test)]
mod tests {
    use super::{mask_cpr, mask_message_id};

    #[test]
    fn a_uuid_message_id_is_shown_whole_and_other_ids_masked() {
        let id = "ab010190-1234-4abc-8def-0123456789ab";
        assert_eq!(mask_cpr(id), "ab******-****-4abc-8def-**********ab");
        assert_eq!(mask_message_id(id), id);
        assert_eq!(mask_message_id("msg-0101901234"), "msg-**********");
    }

    #[test]
    fn mask_cpr_hides_cpr_shaped_numbers_only() {
        let cases = [
            ("0101901234", "**********"),
            ("user 010190-1234 here", "user ******-**** here"),
            ("CVR:55568510-UUID:0b1c2d3e", "CVR:55568510-UUID:0b1c2d3e"),
            ("12345678901", "12345678901"),
            ("offer=5f1c", "offer=5f1c"),
            ("a0101901234b", "a**********b"),
        ];
        for (input, expected) in cases {
            assert_eq!(mask_cpr(input), expected, "{input}");
        }
    }
}
