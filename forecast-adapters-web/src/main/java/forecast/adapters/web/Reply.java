package forecast.adapters.web;

/**
 * What a route answers: a status and a JSON body, plus the model version that served it (for the
 * request metrics; {@code null} when none did).
 */
record Reply(int status, String json, boolean problem, String modelVersion) {
    static Reply ok(JsonOut body) {
        return new Reply(200, body.toString(), false, null);
    }

    static Reply ok(JsonOut body, String modelVersion) {
        return new Reply(200, body.toString(), false, modelVersion);
    }

    static Reply of(Problem p) {
        return new Reply(p.status(), p.toJson(), true, null);
    }

    static Reply of(Problem p, String modelVersion) {
        return new Reply(p.status(), p.toJson(), true, modelVersion);
    }

    String contentType() {
        return problem ? Problem.MEDIA_TYPE : "application/json";
    }
}
