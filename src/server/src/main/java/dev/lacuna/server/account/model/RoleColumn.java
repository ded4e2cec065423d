package dev.lacuna.server.account.model;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a {@link Role} as its label, so the column satisfies the schema's lower-case check constraint. */
@Converter
public class RoleColumn implements AttributeConverter<Role, String> {

    @Override
    public String convertToDatabaseColumn(Role role) {
        return role == null ? null : role.label();
    }

    @Override
    public Role convertToEntityAttribute(String label) {
        return label == null ? null : Role.fromLabel(label);
    }
}
