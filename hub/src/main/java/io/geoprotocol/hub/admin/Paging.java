package io.geoprotocol.hub.admin;

import io.geoprotocol.hub.web.ApiException;
import java.util.List;

/** Page and page size of admin listings, checked the same way everywhere. */
record Paging(int page, int perPage) {

    static Paging of(Integer page, Integer perPage, int defaultPerPage) {
        int p = page == null ? 1 : page;
        int n = perPage == null ? defaultPerPage : perPage;
        if (p < 1) {
            throw ApiException.validation("page must be at least 1");
        }
        if (n < 1 || n > 200) {
            throw ApiException.validation("per_page must be between 1 and 200");
        }
        return new Paging(p, n);
    }

    long offset() {
        return (long) (page - 1) * perPage;
    }

    <T> Page<T> page(List<T> items, long total) {
        return new Page<>(items, page, perPage, total);
    }

    /** A page of an admin listing. */
    record Page<T>(List<T> items, int page, int perPage, long total) {
    }
}
