//! English for the calendars: weekdays, statuses, channels, times.

/// The English of `danish`, when it is one of these texts.
pub fn en(danish: &str) -> Option<&'static str> {
    Some(match danish {
        "Mandag" => "Monday",
        "Tirsdag" => "Tuesday",
        "Onsdag" => "Wednesday",
        "Torsdag" => "Thursday",
        "Fredag" => "Friday",
        "Lørdag" => "Saturday",
        "Søndag" => "Sunday",
        "Booket" => "Booked",
        "Aflyst" => "Cancelled",
        "Afholdt" => "Held",
        "Udeblevet" => "No-show",
        "Bortfaldet" => "Lapsed",
        "Selvbooket" => "Self-booked",
        "Sagsbehandlersystem" => "Caseworker system",
        "sommertid" => "summer time",
        "vintertid" => "winter time",
        // The calendars and the week view.
        "Dine roller giver ikke adgang til nogen kalender." => {
            "Your roles do not give access to any calendar."
        }
        "Teamets dag" => "The team's day",
        "{}, uge {}" => "{}, week {}",
        "Uger" => "Weeks",
        "Forrige uge" => "Previous week",
        "Næste uge" => "Next week",
        "Alle kalendere" => "All calendars",
        "Intet i kalenderen." => "Nothing in the calendar.",
        "Tid" => "Time",
        "Hvad" => "What",
        "Borger" => "Citizen",
        "Handlinger" => "Actions",
        "CPR skjult" => "CPR hidden",
        "Vis CPR" => "Show CPR",
        "for {}" => "for {}",
        ": mødet {} {}" => ": the meeting {} {}",
        " mødet {} {}" => " the meeting {} {}",
        " optaget tid {} {}" => " busy time {} {}",
        "Årsag til bortfald" => "Reason for lapse",
        "Vælg årsag" => "Choose a reason",
        "Flyt" => "Move",
        "Fjern" => "Remove",
        "Tilføj optaget tid" => "Add busy time",
        "Dato" => "Date",
        "Fx 2027-03-10" => "E.g. 2027-03-10",
        "Fra kl." => "From",
        "Til kl." => "To",
        "Note (valgfri)" => "Note (optional)",
        "Ret udeblivelse" => "Correct no-show",
        "Aflys" => "Cancel",
        "Mødet er markeret som afholdt." => "The meeting is marked as held.",
        "Borgeren er markeret som udeblevet." => "The citizen is marked as a no-show.",
        "Udeblivelsen er rettet. Mødet er booket igen." => {
            "The no-show is corrected. The meeting is booked again."
        }
        "Mødet er markeret som bortfaldet." => "The meeting is marked as lapsed.",
        "Mødet er aflyst." => "The meeting is cancelled.",
        "Mødet er flyttet." => "The meeting is moved.",
        "Den optagede tid er tilføjet." => "The busy time is added.",
        "Den optagede tid er fjernet." => "The busy time is removed.",
        _ => return None,
    })
}
