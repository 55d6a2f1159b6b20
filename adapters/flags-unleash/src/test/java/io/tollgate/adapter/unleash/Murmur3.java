package io.tollgate.adapter.unleash;

import java.nio.charset.StandardCharsets;

/**
 * MurmurHash3 x86 32-bit, as Unleash's gradual rollout uses it: a user is in when
 * {@code (murmur3(groupId + ":" + userId, seed 0) % 100) + 1 <= rollout}, the hash taken as unsigned.
 * Lets tests compute the exact set of sampled users a rollout serves.
 */
final class Murmur3 {
    private Murmur3() {
    }

    /** True when Unleash's flexibleRollout at {@code rollout}% with {@code groupId} serves {@code userId}. */
    static boolean servedBy(String groupId, String userId, int rollout) {
        return normalizedValue(groupId, userId) <= rollout;
    }

    /** The user's bucket, 1..100. */
    static int normalizedValue(String groupId, String userId) {
        return (int) (Integer.toUnsignedLong(hash32(groupId + ":" + userId, 0)) % 100) + 1;
    }

    static int hash32(String text, int seed) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        final int c1 = 0xcc9e2d51;
        final int c2 = 0x1b873593;
        int h = seed;
        int blocks = data.length / 4;
        for (int i = 0; i < blocks; i++) {
            int k = (data[4 * i] & 0xff) | (data[4 * i + 1] & 0xff) << 8 | (data[4 * i + 2] & 0xff) << 16 | (data[4 * i + 3] & 0xff) << 24;
            k *= c1;
            k = Integer.rotateLeft(k, 15);
            k *= c2;
            h ^= k;
            h = Integer.rotateLeft(h, 13);
            h = h * 5 + 0xe6546b64;
        }
        int k = 0;
        int tail = blocks * 4;
        switch (data.length & 3) {
            case 3:
                k ^= (data[tail + 2] & 0xff) << 16;
            case 2:
                k ^= (data[tail + 1] & 0xff) << 8;
            case 1:
                k ^= data[tail] & 0xff;
                k *= c1;
                k = Integer.rotateLeft(k, 15);
                k *= c2;
                h ^= k;
            default:
                break;
        }
        h ^= data.length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
