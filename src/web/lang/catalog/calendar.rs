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
        _ => return None,
    })
}
