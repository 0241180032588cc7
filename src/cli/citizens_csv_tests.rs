//! The citizens file as Excel writes it: BOM, `;`, quotes, Windows-1252, and line numbers.

use super::*;

fn lines(bytes: &[u8]) -> Vec<u32> {
    parse(bytes).1.unwrap().iter().map(|c| c.line).collect()
}

#[test]
fn errors_name_lines_and_never_the_input() {
    let errors = parse(b"cpr,name\n0101901234,A\n12345,B\n\n0101901234,C,1,2,3\n").1.unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].starts_with("line 3: "), "{errors:?}");
    assert!(errors[1].starts_with("line 5: "), "{errors:?}");
    assert!(!errors.iter().any(|e| e.contains("12345")));
    assert!(parse(b"name\n0101901234\n").1.is_err());
    assert_eq!(lines(b"CPR\n010190-1234\n"), [2]);
}

#[test]
fn excel_files_with_bom_semicolons_and_quotes_are_read() {
    let (format, read) = parse(b"\xEF\xBB\xBFcpr;navn\r\n0101901234;\"Hansen; Jens\"\r\n0201901234;Bo\r\n");
    assert_eq!(format, Format { encoding: "UTF-8", separator: ';' });
    assert_eq!(read.unwrap().len(), 2);
    // A quoted line break keeps later line numbers physical; doubled quotes are one quote.
    let text = b"cpr,name,phone,email\n0101901234,\"Jens \"\"JJ\"\"\nHansen, jr.\",1,a@b.dk\n12345,x\n";
    let errors = parse(text).1.unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("line 4: "), "{errors:?}");
}

#[test]
fn windows_1252_is_assumed_when_the_file_is_not_utf8() {
    // "Søren Ærø Åby" in Windows-1252.
    let (format, read) = parse(b"cpr;navn\r\n0101901234;S\xF8ren \xC6r\xF8 \xC5by\r\n");
    assert_eq!(format.encoding, "Windows-1252");
    assert!(format.assumed_legacy());
    assert_eq!(read.unwrap().len(), 1);
    assert_eq!(decode(b"\xF8\xE6\xE5").0, "øæå");
}

#[test]
fn a_cpr_with_spaces_in_its_cell_is_not_trimmed() {
    let errors = parse(b"cpr,name\n 0101901234 ,A\n\"0101901234 \",B\n").1.unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].starts_with("line 2: ") && errors[1].starts_with("line 3: "), "{errors:?}");
}
