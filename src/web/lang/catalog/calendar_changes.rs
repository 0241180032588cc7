//! English for changes to a calendar: moving a meeting, showing a citizen's CPR number, and
//! the refusals of the booking rules.

/// The English of `danish`, when it is one of these texts.
pub fn en(danish: &str) -> Option<&'static str> {
    Some(match danish {
        // Moving a meeting.
        "Flyt mødet, uge {}" => "Move the meeting, week {}",
        "Flyt mødet" => "Move the meeting",
        "Mødet ligger {}." => "The meeting is {}.",
        "Ledige tider i uge {}" => "Free times in week {}",
        "Tilbage til kalenderen" => "Back to the calendar",
        "Mødet er ikke booket gennem et tilbud, så der er ingen ledige tider at vise. Angiv en anden tid nedenfor." => {
            "The meeting is not booked through an offer, so there are no free times to show. \
             Give another time below."
        }
        "({} ledige pladser)" => "({} free seats)",
        "Ingen ledige tider i uge {}." => "No free times in week {}.",
        "Et andet tidspunkt" => "Another time",
        "Personale er ikke bundet af tilbuddets tider, men tiden skal være ledig og ligge i vejlederens arbejdstid." => {
            "Staff are not bound by the offer's times, but the time must be free and within the \
             counselor's working hours."
        }
        "Klokkeslæt" => "Time of day",
        "Bekræft flytning" => "Confirm the move",
        "Nu" => "Now",
        "Ny tid" => "New time",
        "Vælg en anden tid" => "Choose another time",
        "{} kl. {}" => "{} at {}",
        "Vælg en af de ledige tider, eller angiv en anden tid." => "Choose one of the free times, or give another time.",
        "Angiv klokkeslættet som tt:mm, fx 09:00." => "Give the time as hh:mm, e.g. 09:00.",
        "Datoen ligger uden for kalenderen." => "The date is outside the calendar.",
        "Tiden kunne ikke læses" => "The time could not be read",
        "Vælg tiden igen på siden for at flytte mødet." => "Choose the time again on the page to move the meeting.",
        "Vælg en tid" => "Choose a time",
        // A citizen's CPR number.
        "CPR-nummer" => "CPR number",
        "Borgeren i mødet {} har CPR-nummer" => "The citizen in the meeting {} has CPR number",
        "At du har set det, er skrevet i revisionsloggen." => "That you have seen it is written to the audit log.",
        "CPR-nummeret kan ikke vises" => "The CPR number cannot be shown",
        "Din rolle giver ikke adgang til at se borgeres CPR-numre." => {
            "Your role does not give access to seeing citizens' CPR numbers."
        }
        // Refusals.
        "Din rolle giver ikke adgang til at {} i denne kalender." => {
            "Your role does not give access to {} in this calendar."
        }
        "registrere fremmøde" => "registering attendance",
        "markere møder som bortfaldet" => "marking meetings as lapsed",
        "aflyse møder" => "cancelling meetings",
        "flytte møder" => "moving meetings",
        "ændre optaget tid" => "changing busy time",
        "Ændringen blev ikke gennemført" => "The change was not made",
        "Tilbage" => "Back",
        "Mødet er booket" => "The meeting is booked",
        "Mødet er afholdt" => "The meeting is held",
        "Borgeren er registreret som udeblevet" => "The citizen is registered as a no-show",
        "Mødet er bortfaldet" => "The meeting has lapsed",
        "Mødet er aflyst" => "The meeting is cancelled",
        "Mødet er ændret" => "The meeting has changed",
        "{}, så det kan ikke ændres sådan. Hent kalenderen igen for at se, hvad der kan gøres." => {
            "{}, so it cannot be changed like that. Reload the calendar to see what can be done."
        }
        "Mødet er ikke begyndt endnu. Det kan først markeres som afholdt eller udeblevet, når det er begyndt." => {
            "The meeting has not begun yet. It can be marked as held or as a no-show only once it has begun."
        }
        "Mødet er indberettet til afregning og kan kun markeres som bortfaldet." => {
            "The meeting is reported for billing and can only be marked as lapsed."
        }
        "Tiden er ikke ledig: vejlederen har et andet møde eller optaget tid. Vælg en anden tid. Mødet er ikke flyttet." => {
            "The time is not free: the counselor has another meeting or busy time. Choose another time. \
             The meeting is not moved."
        }
        "Tiden ligger uden for vejlederens arbejdstid. Vælg en anden tid. Mødet er ikke flyttet." => {
            "The time is outside the counselor's working hours. Choose another time. The meeting is not moved."
        }
        "Jobcentret har lukket på det tidspunkt (helligdag eller lukkedag). Mødet er ikke flyttet." => {
            "The jobcenter is closed at that time (a public holiday or closing day). The meeting is not moved."
        }
        "Tidspunktet er passeret. Vælg en tid senere end nu. Mødet er ikke flyttet." => {
            "The time has passed. Choose a time later than now. The meeting is not moved."
        }
        "Tidspunktet ligger for langt ude i fremtiden. Mødet er ikke flyttet." => {
            "The time is too far in the future. The meeting is not moved."
        }
        "Vælg en årsag til, at mødet er bortfaldet." => "Choose a reason why the meeting lapsed.",
        "Reglerne for mødet tillader ikke ændringen." => "The rules for the meeting do not allow the change.",
        _ => return None,
    })
}
