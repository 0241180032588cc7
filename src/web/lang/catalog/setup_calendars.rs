//! English for the set-up of counselors: their working hours and exceptions, their attributes,
//! their calendar feeds and the import of their busy time, and these pages' field errors.

/// The English of `danish`, when it is one of these texts.
pub fn en(danish: &str) -> Option<&'static str> {
    hours(danish).or_else(|| counselors(danish)).or_else(|| calendars(danish))
}

/// Working hours, their exceptions and their field errors.
fn hours(danish: &str) -> Option<&'static str> {
    Some(match danish {
        "Arbejdstider, jobcenter {}" => "Working hours, jobcenter {}",
        "Jobcentret har ingen vejledere." => "The jobcenter has no counselors.",
        "Vælg en vejleder for at se og ændre ugens arbejdstider og undtagelser." => {
            "Choose a counselor to see and change the week's working hours and exceptions."
        }
        "(ikke aktiv)" => "(not active)",
        "Arbejdstider for {}, jobcenter {}" => "Working hours of {}, jobcenter {}",
        "Arbejdstider for {}" => "Working hours of {}",
        "Alle vejlederes arbejdstider" => "All counselors' working hours",
        "Ugens arbejdstider" => "The week's working hours",
        "Start og slut tomme: en fridag. Pauser skrives som tt:mm-tt:mm, flere adskilt af komma. Tiderne er dansk tid hele året." => {
            "Start and end empty: a day off. Breaks are written as hh:mm-hh:mm, several separated by \
             commas. The times are Danish time all year."
        }
        "Arbejdstider pr. ugedag" => "Working hours per weekday",
        "Ugedag" => "Weekday",
        "Start" => "Start",
        "Slut" => "End",
        "Pauser" => "Breaks",
        "{}, start" => "{}, start",
        "{}, slut" => "{}, end",
        "{}, pauser" => "{}, breaks",
        "Gem arbejdstiderne" => "Save the working hours",
        "Undtagelser fra i dag" => "Exceptions from today",
        "Der er ingen undtagelser." => "There are no exceptions.",
        "Tilføj en undtagelse" => "Add an exception",
        "En undtagelse erstatter ugens arbejdstider på datoen. Bookede møder bliver ikke flyttet." => {
            "An exception replaces the week's working hours on the date. Booked meetings are not moved."
        }
        "Fx 2027-03-19" => "E.g. 2027-03-19",
        "Fri hele dagen" => "Off all day",
        "Arbejder fra" => "Works from",
        "Klokkeslæt tt:mm; tomt ved fri" => "Time hh:mm; empty when off",
        "Arbejder til" => "Works until",
        "Gem undtagelsen" => "Save the exception",
        "Arbejdstiderne er gemt." => "The working hours have been saved.",
        "Undtagelsen er gemt." => "The exception has been saved.",
        // Field errors.
        "Angiv klokkeslættet som tt:mm, fx 08:00, eller lad både start og slut stå tomme." => {
            "Give the time as hh:mm, e.g. 08:00, or leave both start and end empty."
        }
        "En fridag har ingen pauser." => "A day off has no breaks.",
        "Slut skal ligge efter start." => "The end must be after the start.",
        "Skriv pauserne som tt:mm-tt:mm adskilt af komma, inden for arbejdsdagen og uden overlap." => {
            "Type the breaks as hh:mm-hh:mm separated by commas, within the working day and without overlap."
        }
        "Arbejdstiderne kunne ikke gemmes." => "The working hours could not be saved.",
        "Pausen skal ligge inden for arbejdsdagen." => "The break must be within the working day.",
        "Angiv datoen som åååå-mm-dd, fx 2027-03-19." => "Give the date as yyyy-mm-dd, e.g. 2027-03-19.",
        "Angiv klokkeslættet som tt:mm, eller sæt kryds ved fri hele dagen." => {
            "Give the time as hh:mm, or tick off all day."
        }
        "Tiderne overlapper." => "The times overlap.",
        _ => return None,
    })
}

/// The counselors list and a counselor's attributes.
fn counselors(danish: &str) -> Option<&'static str> {
    Some(match danish {
        "Vejledere, jobcenter {}" => "Counselors, jobcenter {}",
        "Teams i dag" => "Teams today",
        "Selvbooking" => "Self-booking",
        "Kan indkaldes til møder" => "Can be summoned to meetings",
        "Egenskaber" => "Attributes",
        "Ja" => "Yes",
        "Nej" => "No",
        "Ret" => "Change",
        "egenskaber for {}" => "attributes of {}",
        "Alle vejledere" => "All counselors",
        "Hvad vejlederen kan få" => "What the counselor can be given",
        "Har tider, borgere kan booke selv" => "Has times citizens can book themselves",
        "Adskilt af komma; tilbud, der kræver kompetencer, følger dem" => {
            "Separated by commas; offers that require competencies follow them"
        }
        "Gem egenskaberne" => "Save the attributes",
        "Vejlederens egenskaber er gemt." => "The counselor's attributes have been saved.",
        "Skriv kompetencerne adskilt af komma, hver på højst 50 tegn, højst 50 i alt." => {
            "Type the competencies separated by commas, each of at most 50 characters, at most 50 in all."
        }
        _ => return None,
    })
}

/// Calendar feeds and the import of busy time.
fn calendars(danish: &str) -> Option<&'static str> {
    Some(match danish {
        "Kalenderfeeds og import, jobcenter {}" => "Calendar feeds and import, jobcenter {}",
        "Vælg en vejleder for at se og ændre vejlederens kalenderfeeds og ICS-import." => {
            "Choose a counselor to see and change the counselor's calendar feeds and ICS import."
        }
        "Kalender for {}, jobcenter {}" => "Calendar of {}, jobcenter {}",
        "Kalender for {}" => "Calendar of {}",
        "Alle vejlederes kalendere" => "All counselors' calendars",
        "Feedets adresse er kalenderfeed-serverens adresse efterfulgt af:" => {
            "The feed's address is the calendar feed server's address followed by:"
        }
        "Adressen giver adgang til vejlederens møder. Del den kun med vejlederen." => {
            "The address gives access to the counselor's meetings. Share it only with the counselor."
        }
        "Kalenderfeeds" => "Calendar feeds",
        "Et feed viser vejlederens møder i en kalender (iCalendar). Adressen vises kun, når feedet oprettes." => {
            "A feed shows the counselor's meetings in a calendar (iCalendar). The address is shown only when \
             the feed is created."
        }
        "Vejlederen har ingen feeds." => "The counselor has no feeds.",
        "Lukket {}" => "Closed {}",
        "Luk" => "Close",
        "feedet oprettet {}" => "the feed created {}",
        "Opret et feed" => "Create a feed",
        "Import af optaget tid (ICS)" => "Import of busy time (ICS)",
        "Optaget tid hentes fra {} (sidst hentet: {})." => "Busy time is fetched from {} (last fetched: {}).",
        "Sidste hentning fejlede: {}" => "The last fetch failed: {}",
        "Ikke hentet endnu" => "Not fetched yet",
        "Stop importen" => "Stop the import",
        "Der hentes ingen optaget tid for vejlederen." => "No busy time is fetched for the counselor.",
        "ICS-adresse" => "ICS address",
        "Adressen på vejlederens kalender i ICS-format; den vises ikke igen" => {
            "The address of the counselor's calendar in ICS format; it is not shown again"
        }
        "Gem adressen" => "Save the address",
        "Feedet er lukket. Dets adresse virker ikke længere." => {
            "The feed has been closed. Its address no longer works."
        }
        "ICS-adressen er gemt. Den hentes ved næste kørsel." => {
            "The ICS address has been saved. It is fetched on the next run."
        }
        "Importen er stoppet. Allerede importeret optaget tid bliver stående." => {
            "The import has been stopped. Busy time already imported stays."
        }
        "Feedet er oprettet. Kopier adressen nu: den vises kun denne ene gang." => {
            "The feed has been created. Copy the address now: it is shown only this once."
        }
        "Angiv en adresse, der begynder med https:// eller http://, højst 2000 tegn uden mellemrum." => {
            "Give an address that begins with https:// or http://, at most 2000 characters without spaces."
        }
        _ => return None,
    })
}
