//! The one way a closed set of states or codes is stored: as its text, on both backends.
//!
//! [`text_enum!`](crate::store::db::text_enum) declares an enum with `as_str` and `parse` and
//! makes it a diesel `Text` value (`ToSql` for SQLite, PostgreSQL and `AnyConnection`'s backend,
//! `FromSql` for any backend
//! that reads `Text` as a `String`), so a column holding it is read and written as the enum and
//! the stored text stays what it was. A stored text that names no variant reads back as
//! [`Unreadable`], which the store reports as `Error::Corrupt` (see `error.rs`).

/// A stored text that names no variant of the enum it was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable(pub &'static str);

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unreadable {}", self.0)
    }
}

impl std::error::Error for Unreadable {}

/// Declares a stored enum: `text_enum! { /// doc  pub enum Name ("what") { /// doc  A = "a", .. } }`.
/// `"what"` names the set in the `Corrupt` error of an unknown stored text.
macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident ($what:literal) {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow)]
        #[diesel(sql_type = diesel::sql_types::Text)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every variant, in declaration order.
            #[allow(dead_code)]
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The text as stored.
            pub const fn as_str(&self) -> &'static str {
                match self {
                    $( $name::$variant => $text ),+
                }
            }

            /// The variant stored as `text`.
            pub fn parse(text: &str) -> Result<Self, $crate::store::db::text_enum::Unreadable> {
                match text {
                    $( $text => Ok($name::$variant), )+
                    _ => Err($crate::store::db::text_enum::Unreadable($what)),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, text: &&str) -> bool {
                self.as_str() == *text
            }
        }

        impl diesel::serialize::ToSql<diesel::sql_types::Text, diesel::sqlite::Sqlite> for $name {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, diesel::sqlite::Sqlite>,
            ) -> diesel::serialize::Result {
                <str as diesel::serialize::ToSql<diesel::sql_types::Text, diesel::sqlite::Sqlite>>::to_sql(
                    self.as_str(),
                    out,
                )
            }
        }

        impl diesel::serialize::ToSql<diesel::sql_types::Text, $crate::store::db::Multi> for $name {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, $crate::store::db::Multi>,
            ) -> diesel::serialize::Result {
                <str as diesel::serialize::ToSql<diesel::sql_types::Text, $crate::store::db::Multi>>::to_sql(
                    self.as_str(),
                    out,
                )
            }
        }

        impl diesel::serialize::ToSql<diesel::sql_types::Text, diesel::pg::Pg> for $name {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, diesel::pg::Pg>,
            ) -> diesel::serialize::Result {
                <str as diesel::serialize::ToSql<diesel::sql_types::Text, diesel::pg::Pg>>::to_sql(
                    self.as_str(),
                    out,
                )
            }
        }

        impl<DB> diesel::deserialize::FromSql<diesel::sql_types::Text, DB> for $name
        where
            DB: diesel::backend::Backend,
            String: diesel::deserialize::FromSql<diesel::sql_types::Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                let text = <String as diesel::deserialize::FromSql<diesel::sql_types::Text, DB>>::from_sql(bytes)?;
                Ok($name::parse(&text)?)
            }
        }
    };
}

pub(crate) use text_enum;

#[cfg(test)]
mod tests {
    text_enum! {
        /// A test set.
        enum Colour ("colour") {
            /// Red.
            Red = "red",
            /// Green.
            Green = "green",
        }
    }

    #[test]
    fn texts_round_trip_and_unknown_text_is_unreadable() {
        for colour in Colour::ALL {
            assert_eq!(Colour::parse(colour.as_str()), Ok(*colour));
        }
        assert_eq!(Colour::parse("blue").unwrap_err().to_string(), "unreadable colour");
        assert_eq!(Colour::Green.to_string(), "green");
        assert!(Colour::Red == "red");
    }
}
