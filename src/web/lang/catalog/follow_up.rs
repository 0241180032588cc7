//! English for the follow-up pages: the booking search, a booking's history, the conflict
//! queue, DFDG's logs, the webhook deliveries and the audit search.

/// The English of `danish`, when it is one of these texts.
pub fn en(danish: &str) -> Option<&'static str> {
    Some(match danish {
        "Det har du ikke adgang til" => "You do not have access to that",
        "{} er for administratorer af et helt jobcenter." => "{} is for administrators of a whole jobcenter.",
        "Revisionsloggen" => "The audit log",
        "Webhook-leveringerne" => "The webhook deliveries",
        "Dine roller giver ikke adgang til bookinger." => "Your roles do not give access to bookings.",
        "Din rolle giver ikke adgang til at søge på CPR-numre." => {
            "Your role does not give access to searching by CPR number."
        }
        "Dine roller giver ikke adgang til kalenderkonflikter." => {
            "Your roles do not give access to calendar conflicts."
        }
        "Din rolle giver ikke adgang til at løse konflikter i denne kalender." => {
            "Your role does not give access to resolving conflicts in this calendar."
        }
        // The booking search.
        "Status" => "Status",
        "Kanal" => "Channel",
        "Mødetilbud" => "Offer",
        "Alle" => "All",
        "Borgerens CPR-nummer (valgfri)" => "The citizen's CPR number (optional)",
        "Søgningen skrives i revisionsloggen uden CPR-nummeret." => {
            "The search is written to the audit log without the CPR number."
        }
        "{} bookinger for det søgte CPR-nummer" => "{} bookings for the CPR number searched for",
        "{} bookinger" => "{} bookings",
        "Der er flere bookinger end de viste. Afgræns søgningen med datoer, status eller kanal." => {
            "There are more bookings than shown. Narrow the search by dates, status or channel."
        }
        "Ingen bookinger passer til søgningen i de kalendere, du har adgang til." => {
            "No bookings match the search in the calendars you have access to."
        }
        "Fundne bookinger efter starttidspunkt" => "Bookings found by start time",
        "Dine roller giver ikke adgang til at søge i bookinger." => "Your roles do not give access to searching bookings.",
        "Vælg en status på listen." => "Choose a status from the list.",
        "Vælg en kanal på listen." => "Choose a channel from the list.",
        "Skriv CPR-nummeret med 10 cifre, fx 0101901234." => "Type the CPR number with 10 digits, e.g. 0101901234.",
        // The audit search.
        "Hvem der har gjort hvad i de jobcentre, du administrerer, og dine egne handlinger, nyeste først. Loggen rummer id'er, aldrig CPR-numre." => {
            "Who did what in the jobcenters you administer, and your own actions, newest first. \
             The log holds ids, never CPR numbers."
        }
        "Fra dag (valgfri)" => "From day (optional)",
        "Til og med dag (valgfri)" => "To and including day (optional)",
        "Handling (valgfri)" => "Action (optional)",
        "Fx web.booking.complete, eller web.booking.* for alle, der begynder sådan." => {
            "E.g. web.booking.complete, or web.booking.* for all that begin so."
        }
        "Udfald (valgfri)" => "Outcome (optional)",
        "Fx ok, forbidden, invalid eller 403." => "E.g. ok, forbidden, invalid or 403.",
        "Hvem (valgfri)" => "Who (optional)",
        "En persons e-mailadresse, eller et systems identitet fra dets certifikat." => {
            "A person's e-mail address, or a system's identity from its certificate."
        }
        "Jobcenter" => "Jobcenter",
        "Jobcenter {}" => "Jobcenter {}",
        "Alle dine" => "All of yours",
        "Søg" => "Search",
        "Fundne rækker" => "Rows found",
        "Fundne rækker (ældre)" => "Rows found (older)",
        "Ingen rækker passer til søgningen." => "No rows match the search.",
        "Revisionslog, nyeste først" => "Audit log, newest first",
        "Tidspunkt" => "Time",
        "Hvem" => "Who",
        "Handling" => "Action",
        "Udfald" => "Outcome",
        "Detaljer" => "Details",
        "Sider" => "Pages",
        "Nyeste rækker" => "Newest rows",
        "Ældre rækker" => "Older rows",
        "Ingen person har den e-mailadresse." => "No person has that e-mail address.",
        "Den sidste dag må ikke ligge før den første." => "The last day must not be before the first.",
        "Skriv en handling som fx web.booking.complete, eller web.booking.* for alle, der begynder sådan." => {
            "Type an action such as web.booking.complete, or web.booking.* for all that begin so."
        }
        "Skriv et udfald som fx ok, forbidden eller 403." => "Type an outcome such as ok, forbidden or 403.",
        "Vælg et af de jobcentre, du administrerer." => "Choose one of the jobcenters you administer.",
        "Skriv datoen som fx 2027-03-01, eller lad feltet stå tomt." => {
            "Type the date as e.g. 2027-03-01, or leave the field empty."
        }
        "Skriv en e-mailadresse eller et systems identitet." => "Type an e-mail address or a system's identity.",
        "Skriv e-mailadressen som fx navn@kommune.dk." => "Type the e-mail address as e.g. name@kommune.dk.",
        _ => return None,
    })
}
