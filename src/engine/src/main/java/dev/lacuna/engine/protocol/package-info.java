/**
 * The objective protocol (DESIGN 6): unlearning confined to a region with a plugin's loss, model mixing of
 * that region, the FS/RS/MU/FQ curves of each sweep and the Oracle-versus-Random comparison over mask seeds.
 */
package dev.lacuna.engine.protocol;
