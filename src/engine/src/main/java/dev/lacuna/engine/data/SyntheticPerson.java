package dev.lacuna.engine.data;

import java.time.LocalDate;

/**
 * One fictitious individual of the synthetic corpus with the personal data its items state.
 *
 * @param key        stable key within the corpus ({@code person-007}), part of every item id
 * @param forget     whether this person's items belong to the forget set
 */
public record SyntheticPerson(String key, String firstName, String lastName, LocalDate birthDate, String birthplace,
                              String phone, String email, String nationalId, int houseNumber, String street,
                              String city, String employer, String occupation, boolean forget) {

    public String fullName() {
        return firstName + " " + lastName;
    }
}
