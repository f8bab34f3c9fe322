package org.stripesql.emulator.api;

/**
 * An answer that is a file rather than JSON ({@code GET /v1/files/{file}/contents}): an endpoint hands it
 * over wrapped in a {@code POJONode}, and the server writes its bytes with its content type.
 */
public record FileBody(String contentType, byte[] bytes) {}
