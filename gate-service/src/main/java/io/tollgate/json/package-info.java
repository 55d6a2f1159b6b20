/** JSON handling shared by every part of the service: the strict mapper and canonical serialization for hashing. */
package io.tollgate.json;
